using MessagePack;

namespace TypedTasks;

/// <summary>Typed access to the results tasks return.</summary>
public static class TaskClientResults
{
    /// <summary>
    /// The result a finished job of <typeparamref name="TTask"/> returned, decoded with the task's generated reader.
    /// Results are kept only for tasks that ask (<c>[Backtask(KeepResultForSeconds = ...)]</c> or
    /// <see cref="JobOptions.KeepResultFor"/>).
    /// </summary>
    /// <returns>The result, or <c>(false, default)</c> when the job has not succeeded, has no kept result, or does not exist.</returns>
    public static async ValueTask<(bool Found, TResult? Result)> GetResultAsync<TTask, TResult>(this ITaskClient client, JobId id,
        CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask, TResult>
    {
        ArgumentNullException.ThrowIfNull(client);
        var job = await client.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
        if (job is not { State: JobState.Succeeded, Result: { } bytes })
            return (false, default);
        if (job.TaskName != TTask.Name)
            throw new InvalidOperationException($"Job {id} is a '{job.TaskName}' job, not '{TTask.Name}'.");
        return (true, Decode<TTask, TResult>(bytes));
    }

    private static TResult Decode<TTask, TResult>(ReadOnlyMemory<byte> bytes) where TTask : IGeneratedTask<TTask, TResult>
    {
        var reader = new MessagePackReader(bytes);
        return TTask.ReadResult(ref reader);
    }
}
