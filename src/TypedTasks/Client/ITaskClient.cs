using TypedTasks.Brokers;

namespace TypedTasks;

/// <summary>
/// Enqueues jobs. The generated <c>PerformAsync</c>/<c>PerformIn</c>/<c>PerformAt</c> methods call it with the
/// task's generated serializer; take it from DI for tests and multi-tenant code.
/// </summary>
public interface ITaskClient
{
    /// <summary>Enqueues <paramref name="task"/> to run now, or at <paramref name="runAt"/> when given.</summary>
    /// <param name="task">The task to run.</param>
    /// <param name="queue">The queue; the task's default queue when <see langword="null"/>.</param>
    /// <param name="runAt">When the job becomes due; now when <see langword="null"/>.</param>
    /// <param name="options">Per-job options overriding the task's.</param>
    /// <param name="cancellationToken">Cancels the wait for the broker (the job may still be enqueued).</param>
    /// <returns>The new job's id, or the queued duplicate's id for a unique task.</returns>
    ValueTask<JobId> EnqueueAsync<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>;

    /// <summary>The job's state, queue, attempts, last error, timestamps, progress and kept result.</summary>
    /// <returns>The job, or <see langword="null"/> when no such job exists (never enqueued, or removed by retention).</returns>
    ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Removes a job that is not running (waiting, scheduled, retrying, dead or finished).</summary>
    /// <returns>Whether a job was removed.</returns>
    ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a job: one that waits never runs; a running one has its <see cref="CancellationToken"/> fired at the
    /// worker's next heartbeat, and ends cancelled.
    /// </summary>
    ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Stops every worker from fetching jobs of <paramref name="queue"/> until it is resumed.</summary>
    ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Lets workers fetch from a paused queue again.</summary>
    ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// The clock this client stamps jobs with; <c>PerformIn(delay)</c> measures its delay from this clock's now, so a
    /// host (or a test) that runs on a <see cref="System.TimeProvider"/> of its own schedules on that time too.
    /// </summary>
    TimeProvider TimeProvider => TimeProvider.System;
}
