using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

/// <summary>
/// An <see cref="ITaskClient"/> whose enqueues go into the caller's connection and transaction; lookups and the other
/// calls go to the client it wraps, outside the transaction.
/// </summary>
internal sealed class EnlistedTaskClient(ITaskClient inner, NpgsqlConnection connection) : ITaskClient
{
    public async ValueTask<JobId> EnqueueAsync<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var enlistment = new PostgresEnlistment(connection);
        var previous = PostgresEnlistment.Current;
        PostgresEnlistment.Current = enlistment;
        JobId id;
        try
        {
            id = await inner.EnqueueAsync(task, queue, runAt, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PostgresEnlistment.Current = previous;
        }
        if (!enlistment.Used)
            throw NotEnlisted($"Job {id}", TTask.Name);
        return id;
    }

    public async ValueTask<IReadOnlyList<JobId>> EnqueueManyAsync<TTask>(IEnumerable<TTask> tasks, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var enlistment = new PostgresEnlistment(connection);
        var previous = PostgresEnlistment.Current;
        PostgresEnlistment.Current = enlistment;
        IReadOnlyList<JobId> ids;
        try
        {
            ids = await inner.EnqueueManyAsync(tasks, queue, runAt, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PostgresEnlistment.Current = previous;
        }
        if (ids.Count > 0 && !enlistment.Used)
            throw NotEnlisted($"{ids.Count} jobs", TTask.Name);
        return ids;
    }

    private static InvalidOperationException NotEnlisted(string jobs, string taskName) => new(
        $"{jobs} of task '{taskName}' did not go into the transaction: the client's broker is not a PostgresBroker, and it enqueued outside " +
        "the transaction. Transactional enqueue needs the PostgreSQL broker (AddTypedTasks(o => o.UseBroker(...PostgresBroker...))).");

    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetJobAsync(id, cancellationToken);

    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.DeleteJobAsync(id, cancellationToken);

    public ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);

    public ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default) => inner.PauseQueueAsync(queue, cancellationToken);

    public ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default) => inner.ResumeQueueAsync(queue, cancellationToken);
}
