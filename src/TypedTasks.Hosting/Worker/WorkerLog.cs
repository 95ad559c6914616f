using Microsoft.Extensions.Logging;

namespace TypedTasks.Hosting;

/// <summary>The worker's log messages (source-generated: no boxing, no reflection).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "TypedTasks worker {WorkerId} started on {Queues} ({Order} order)")]
    public static partial void Started(ILogger logger, string workerId, string queues, string order);

    [LoggerMessage(2, LogLevel.Information, "TypedTasks worker {WorkerId} stopped")]
    public static partial void Stopped(ILogger logger, string workerId);

    [LoggerMessage(3, LogLevel.Debug, "Job {JobId} ({Task}) succeeded in {Milliseconds:0.0} ms")]
    public static partial void Succeeded(ILogger logger, JobId jobId, string task, double milliseconds);

    [LoggerMessage(4, LogLevel.Warning, "Job {JobId} ({Task}) failed on attempt {Attempt}; retrying in {Delay}: {Error}")]
    public static partial void Retrying(ILogger logger, Exception exception, JobId jobId, string task, int attempt, TimeSpan delay, string error);

    [LoggerMessage(5, LogLevel.Error, "Job {JobId} ({Task}) failed on attempt {Attempt} and was moved to the dead set: {Error}")]
    public static partial void Dead(ILogger logger, Exception? exception, JobId jobId, string task, int attempt, string error);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} ({Task}) was cancelled on request")]
    public static partial void Cancelled(ILogger logger, JobId jobId, string task);

    [LoggerMessage(7, LogLevel.Warning, "Job {JobId} lost its lease (the worker was cut off too long); another worker may run it again")]
    public static partial void LeaseLost(ILogger logger, JobId jobId);

    [LoggerMessage(8, LogLevel.Information, "Job {JobId} was put back in queue {Queue} because the worker is stopping")]
    public static partial void Requeued(ILogger logger, JobId jobId, string queue);

    [LoggerMessage(9, LogLevel.Warning, "TypedTasks worker {WorkerId} cannot reach the broker ({Operation}); retrying in {Delay}")]
    public static partial void BrokerUnavailable(ILogger logger, Exception exception, string workerId, string operation, TimeSpan delay);

    [LoggerMessage(10, LogLevel.Information, "Recovered {Count} job(s) whose lease expired in {Queues}")]
    public static partial void Recovered(ILogger logger, int count, string queues);

    [LoggerMessage(11, LogLevel.Warning, "The broker refused the ack of job {JobId}: its lease had been lost, so another worker may have run it")]
    public static partial void AckRefused(ILogger logger, JobId jobId);

    [LoggerMessage(12, LogLevel.Error, "Could not record the outcome of job {JobId}; its lease will expire and it will run again")]
    public static partial void OutcomeNotRecorded(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(13, LogLevel.Warning, "A TypedTasks lifecycle observer threw; ignored")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Stopping: {Count} running job(s) did not finish within the {Grace} grace period and are being cancelled and put back")]
    public static partial void GraceExpired(ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(15, LogLevel.Warning, "Job {JobId} stalled {Stalls} time(s) before (its worker crashed or froze while running it); running it with no other job beside it")]
    public static partial void RunningAlone(ILogger logger, JobId jobId, int stalls);
}
