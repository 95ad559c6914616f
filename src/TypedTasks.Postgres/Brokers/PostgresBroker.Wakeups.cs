using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

public sealed partial class PostgresBroker
{
    /// <inheritdoc />
    /// <remarks>
    /// Registers for the queues' notifications first, then asks how long until a job is ready (one may have come
    /// before the wait, or be due sooner than the caller knows), then waits for a notification, that due time or the
    /// timeout. While the notification connection is down (or not up yet) it asks again every
    /// <see cref="PostgresBrokerOptions.FallbackPollInterval"/> instead.
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
            long? untilReady = await MillisecondsUntilReadyAsync(queues, cancellationToken).ConfigureAwait(false);
            if (untilReady <= 0)
                return true;
            long wait = deadline - Environment.TickCount64;
            if (wait <= 0)
                return false;
            if (untilReady is { } due)
                wait = Math.Min(wait, due);
            if (!_listener.IsListening)
                wait = Math.Min(wait, (long)_options.FallbackPollInterval.TotalMilliseconds);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(signal, Task.Delay(TimeSpan.FromMilliseconds(wait), stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == signal)
                return true;
        }
    }

    /// <summary>Runs waiting.sql: 0 when a job is ready, the milliseconds until the earliest is due, or null when none waits.</summary>
    private async Task<long?> MillisecondsUntilReadyAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Waiting, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queues] });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long milliseconds ? milliseconds : null;
    }
}
