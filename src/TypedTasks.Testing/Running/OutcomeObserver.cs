using System.Collections.Concurrent;
using TypedTasks.Hosting;

namespace TypedTasks.Testing;

/// <summary>
/// Told by the worker's <c>JobRunner</c> how each attempt ended, with the exception it caught; registered after the
/// application's own observers, so they see every job as in production.
/// </summary>
internal sealed class OutcomeObserver : IJobLifecycleObserver
{
    private readonly ConcurrentDictionary<JobId, (bool Succeeded, Exception? Error)> _outcomes = new();

    public ValueTask OnSucceededAsync(JobExecutionContext context)
    {
        _outcomes[context.JobId] = (true, null);
        return default;
    }

    public ValueTask OnRetryingAsync(JobExecutionContext context, Exception error, TimeSpan delay)
    {
        _outcomes[context.JobId] = (false, error);
        return default;
    }

    public ValueTask OnFailedAsync(JobExecutionContext context, Exception error)
    {
        _outcomes[context.JobId] = (false, error);
        return default;
    }

    /// <summary>Takes what was told about <paramref name="id"/>'s last attempt; nothing when the runner told no observer (a job it could not read).</summary>
    public bool TryTake(JobId id, out (bool Succeeded, Exception? Error) outcome) => _outcomes.TryRemove(id, out outcome);
}
