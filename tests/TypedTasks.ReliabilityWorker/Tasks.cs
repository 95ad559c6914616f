using TypedTasks;
using StackExchange.Redis;

namespace TypedTasks.ReliabilityWorker;

/// <summary>Where jobs record that they ran: a Redis hash of job number → runs, beside the queues.</summary>
public sealed class RunLog(IConnectionMultiplexer redis, string prefix)
{
    public string Key { get; } = prefix + ":runs";

    public Task RecordAsync(int number, CancellationToken cancellationToken) =>
        redis.GetDatabase().HashIncrementAsync(Key, number).WaitAsync(cancellationToken);
}

/// <summary>Records its number, after a short pause so that kills catch jobs in flight.</summary>
[Backtask(Name = "reliability.record")]
public partial record Record(int Number, int PauseMilliseconds) : IBacktask
{
    /// <summary>
    /// Retries within a second: the run log's own connection is cut too in the connection test, and a job whose record
    /// failed would otherwise wait for Sidekiq's curve (16-36 s, then 31-61 s), which the tests would wait for instead
    /// of the worker.
    /// </summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 4));

    public async Task RunAsync(RunLog log, CancellationToken cancellationToken)
    {
        if (PauseMilliseconds > 0)
            await Task.Delay(PauseMilliseconds, cancellationToken);
        await log.RecordAsync(Number, cancellationToken);
    }
}

/// <summary>A poison job: it takes its worker process down every time.</summary>
[Backtask(Name = "reliability.crash")]
public partial record Crash(string Reason) : IBacktask
{
    public Task RunAsync()
    {
        Environment.FailFast(Reason);
        return Task.CompletedTask;
    }
}
