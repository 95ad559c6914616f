using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TypedTasks.Postgres;

/// <summary>
/// One connection per broker that LISTENs on the broker's channel and turns each notification (its payload is a queue
/// name) into a wake-up of the workers waiting on that queue. Started by the first wait; when the connection breaks
/// (a database restart, a network cut) it wakes every waiter, so they fetch and then poll, logs it, and reconnects
/// with backoff until it listens again.
/// </summary>
internal sealed partial class NotificationListener(NpgsqlDataSource dataSource, string channel, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan s_idleCheck = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _startLock = new();
    private Task? _loop;
    private volatile bool _listening;

    /// <summary>Whether notifications arrive now; while they do not, waiters poll.</summary>
    public bool IsListening => _listening;

    /// <summary>A task that completes at the next notification for any of <paramref name="queues"/> (or when the connection breaks).</summary>
    public Task NextSignal(IReadOnlyList<string> queues)
    {
        EnsureStarted();
        if (queues.Count == 1)
            return Signal(queues[0]);
        var signals = new Task[queues.Count];
        for (int i = 0; i < signals.Length; i++)
            signals[i] = Signal(queues[i]);
        return Task.WhenAny(signals);
    }

    private Task Signal(string queue) =>
        _signals.GetOrAdd(queue, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void Wake(string queue)
    {
        if (_signals.TryRemove(queue, out var signal))
            signal.TrySetResult();
    }

    private void WakeAll()
    {
        foreach (string queue in _signals.Keys)
            Wake(queue);
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
            return;
        lock (_startLock)
            _loop ??= Task.Run(() => ListenLoopAsync(_stop.Token));
    }

    private async Task ListenLoopAsync(CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, e) => Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                _listening = true;
                if (failures > 0)
                    Reconnected(logger, channel, failures);
                failures = 0;
                while (true)
                {
                    if (!await connection.WaitAsync(s_idleCheck, stop).ConfigureAwait(false))
                    {
                        // No notification for a while: a query proves the connection is still there.
                        await using var check = new NpgsqlCommand("SELECT 1", connection);
                        await check.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _listening = false;
                WakeAll();
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, Math.Min(failures, 10))) * (0.5 + Random.Shared.NextDouble() / 2));
                ConnectionLost(logger, e, channel, delay);
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        _listening = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
            await loop.ConfigureAwait(false);
        WakeAll();
        _stop.Dispose();
    }

    [LoggerMessage(1, LogLevel.Warning, "TypedTasks lost its PostgreSQL notification connection (channel {Channel}); idle workers poll until it reconnects in {Delay}")]
    private static partial void ConnectionLost(ILogger logger, Exception exception, string channel, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Information, "TypedTasks reconnected its PostgreSQL notification connection (channel {Channel}) after {Failures} failed attempt(s)")]
    private static partial void Reconnected(ILogger logger, string channel, int failures);
}
