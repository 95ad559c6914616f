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

    /// <summary>
    /// Enqueues a job for each of <paramref name="tasks"/>, in order, with the broker's bulk enqueue (one or a few round
    /// trips for all of them). Every task is encoded and checked before anything is sent: a null task, a payload the
    /// client refuses (too large, nested too deep) or invalid options refuse the whole batch, and no job is enqueued.
    /// </summary>
    /// <remarks>
    /// A client that does not override this method checks every task as <see cref="BrokerTaskClient"/> does (with its
    /// default payload limit), then enqueues them one at a time with <see cref="EnqueueAsync{TTask}"/>.
    /// </remarks>
    /// <param name="tasks">The tasks to run; an empty sequence enqueues nothing and makes no broker call.</param>
    /// <param name="queue">The queue of every job; each task's default queue when <see langword="null"/>.</param>
    /// <param name="runAt">When the jobs become due; now when <see langword="null"/>.</param>
    /// <param name="options">Per-job options for every job; <see cref="JobOptions.JobId"/> must be unset (one id names one job).</param>
    /// <param name="cancellationToken">Cancels the wait for the broker (the jobs may still be enqueued).</param>
    /// <returns>The jobs' ids in the order of <paramref name="tasks"/> (a unique task's queued duplicate gives that job's id).</returns>
    /// <exception cref="ArgumentException">A task is null or cannot be enqueued, or <paramref name="options"/> sets a job id; nothing was enqueued.</exception>
    async ValueTask<IReadOnlyList<JobId>> EnqueueManyAsync<TTask>(IEnumerable<TTask> tasks, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var (all, _) = BulkRequests.Build(tasks, queue, runAt, options, TimeProvider.GetUtcNow(), BrokerTaskClient.DefaultMaxPayloadBytes);
        var ids = new JobId[all.Length];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = await EnqueueAsync(all[i], queue, runAt, options, cancellationToken).ConfigureAwait(false);
        return ids;
    }

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
