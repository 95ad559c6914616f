namespace TypedTasks;

/// <summary>Enqueue helpers over any <see cref="ITaskClient"/>.</summary>
public static class TaskClientExtensions
{
    /// <summary>
    /// Enqueues <paramref name="task"/> to run after <paramref name="delay"/>, counted from the client's own clock
    /// (<see cref="ITaskClient.TimeProvider"/>); the generated <c>PerformIn</c> calls it.
    /// </summary>
    /// <param name="client">The client that stores the job.</param>
    /// <param name="task">The task to run.</param>
    /// <param name="delay">How long from the client's now until the job is due.</param>
    /// <param name="queue">The queue; the task's default queue when <see langword="null"/>.</param>
    /// <param name="options">Per-job options overriding the task's.</param>
    /// <param name="cancellationToken">Cancels the wait for the broker (the job may still be enqueued).</param>
    /// <returns>The new job's id, or the queued duplicate's id for a unique task.</returns>
    public static ValueTask<JobId> EnqueueInAsync<TTask>(this ITaskClient client, TTask task, TimeSpan delay, string? queue = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.EnqueueAsync(task, queue, client.TimeProvider.GetUtcNow() + delay, options, cancellationToken);
    }

    /// <summary>
    /// Enqueues a job for each of <paramref name="tasks"/>, in order, in one or a few broker round trips
    /// (<see cref="ITaskClient.EnqueueManyAsync{TTask}"/>): every task is encoded and checked first, so a null task or a
    /// refused payload refuses the whole batch and nothing is enqueued.
    /// </summary>
    /// <param name="client">The client that stores the jobs.</param>
    /// <param name="tasks">The tasks to run; an empty sequence enqueues nothing.</param>
    /// <param name="queue">The queue of every job; the task's default queue when <see langword="null"/>.</param>
    /// <param name="options">Per-job options for every job (without a <see cref="JobOptions.JobId"/>).</param>
    /// <param name="cancellationToken">Cancels the wait for the broker (the jobs may still be enqueued).</param>
    /// <returns>The jobs' ids in the order of <paramref name="tasks"/>.</returns>
    public static ValueTask<IReadOnlyList<JobId>> PerformManyAsync<TTask>(this ITaskClient client, IEnumerable<TTask> tasks, string? queue = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.EnqueueManyAsync(tasks, queue, null, options, cancellationToken);
    }

    /// <summary>
    /// Enqueues a job for each of <paramref name="tasks"/> to run at <paramref name="runAt"/>, as
    /// <see cref="PerformManyAsync{TTask}"/> does.
    /// </summary>
    /// <param name="client">The client that stores the jobs.</param>
    /// <param name="tasks">The tasks to run; an empty sequence enqueues nothing.</param>
    /// <param name="runAt">When the jobs become due.</param>
    /// <param name="queue">The queue of every job; the task's default queue when <see langword="null"/>.</param>
    /// <param name="options">Per-job options for every job (without a <see cref="JobOptions.JobId"/>).</param>
    /// <param name="cancellationToken">Cancels the wait for the broker (the jobs may still be enqueued).</param>
    /// <returns>The jobs' ids in the order of <paramref name="tasks"/>.</returns>
    public static ValueTask<IReadOnlyList<JobId>> PerformManyAt<TTask>(this ITaskClient client, IEnumerable<TTask> tasks, DateTimeOffset runAt,
        string? queue = null, JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.EnqueueManyAsync(tasks, queue, runAt, options, cancellationToken);
    }
}
