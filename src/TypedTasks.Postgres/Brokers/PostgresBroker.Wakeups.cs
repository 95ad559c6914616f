using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

public sealed partial class PostgresBroker
{
    /// <inheritdoc />
    /// <remarks>
    /// Registers for the queues' notifications first, then asks whether a job is waiting already (it may have come
    /// before the wait), then waits for a notification or the timeout. While the notification connection is down (or
    /// not up yet) it asks again every <see cref="PostgresBrokerOptions.FallbackPollInterval"/> instead.
    /// </remarks>
    public async ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (string queue in queues)
            QueueName.Validate(queue, nameof(queues));
        if (timeout <= TimeSpan.Zero || queues.Count == 0)
            return false;
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var signal = _listener.NextSignal(queues);
            if (await HasWaitingWorkAsync(queues, cancellationToken).ConfigureAwait(false))
                return true;
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
                return false;
            bool polling = !_listener.IsListening;
            var wait = TimeSpan.FromMilliseconds(polling ? Math.Min(remaining, (long)_options.FallbackPollInterval.TotalMilliseconds) : remaining);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(signal, Task.Delay(wait, stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == signal)
                return true;
            if (!polling)
                return false;
        }
    }

    private async Task<bool> HasWaitingWorkAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Waiting, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queues] });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
