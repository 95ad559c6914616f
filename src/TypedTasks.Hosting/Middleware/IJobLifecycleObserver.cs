namespace TypedTasks.Hosting;

/// <summary>
/// Told about each job's life in the worker (Tasqueue's callbacks). Methods run inline on the worker: keep them
/// quick; an exception they throw is logged and ignored.
/// </summary>
public interface IJobLifecycleObserver
{
    /// <summary>A job is about to run.</summary>
    ValueTask OnProcessingAsync(JobExecutionContext context) => default;

    /// <summary>A job ran to completion.</summary>
    ValueTask OnSucceededAsync(JobExecutionContext context) => default;

    /// <summary>A job failed and will be retried after <paramref name="delay"/>.</summary>
    ValueTask OnRetryingAsync(JobExecutionContext context, Exception error, TimeSpan delay) => default;

    /// <summary>A job failed for good and went to the dead set (or was cancelled).</summary>
    ValueTask OnFailedAsync(JobExecutionContext context, Exception error) => default;
}
