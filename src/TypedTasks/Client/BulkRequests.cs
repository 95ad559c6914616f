using TypedTasks.Brokers;

namespace TypedTasks;

/// <summary>
/// Turns the tasks of a bulk enqueue into broker requests, all of them before any is sent: a batch is stored whole or
/// refused whole, and a refusal says which task and why.
/// </summary>
internal static class BulkRequests
{
    /// <summary>The tasks (read once from <paramref name="tasks"/>) and their requests, in order.</summary>
    /// <exception cref="ArgumentException">A task is null or its payload is refused, or <paramref name="options"/> sets a job id.</exception>
    public static (TTask[] Tasks, EnqueueRequest[] Requests) Build<TTask>(IEnumerable<TTask> tasks, string? queue, DateTimeOffset? runAt,
        JobOptions? options, DateTimeOffset now, int maxPayloadBytes)
        where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (options?.JobId is { } id)
            throw new ArgumentException(
                $"JobOptions.JobId ({id}) names one job, but a bulk enqueue of {TTask.Name} makes one job per task; leave JobId null " +
                "(each job gets an id of its own) or enqueue that job alone with PerformAsync.", nameof(options));
        var all = tasks.ToArray();
        var requests = new EnqueueRequest[all.Length];
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] is null)
                throw new ArgumentException($"Task {i} of the {all.Length} {TTask.Name} tasks is null; none of them was enqueued.", nameof(tasks));
            try
            {
                requests[i] = BrokerTaskClient.BuildRequest(all[i], queue, runAt, options, now, maxPayloadBytes);
            }
            catch (ArgumentException e) when (e.ParamName == "task")
            {
                throw new ArgumentException($"Task {i} of the {all.Length} {TTask.Name} tasks cannot be enqueued, so none of them was: {e.Message}",
                    nameof(tasks), e);
            }
        }
        return (all, requests);
    }
}
