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
}
