using MessagePack;

namespace TypedTasks;

/// <summary>Starts chains and reads their status.</summary>
public static class TaskChainClientExtensions
{
    /// <summary>Starts a chain with <paramref name="first"/>; add links with <see cref="TaskChain.Then{TTask}"/>.</summary>
    public static TaskChain Chain<TTask>(this ITaskClient client, TTask first, string? queue = null) where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(first);
        return new TaskChain(client, (c, options, ct) =>
            c.EnqueueAsync(first, queue, null, options with { KeepResultFor = TaskChain.LinkOptions<TTask>(options.JobId!.Value).KeepResultFor }, ct));
    }

    /// <summary>A chain of three tasks.</summary>
    public static TaskChain Chain<T1, T2, T3>(this ITaskClient client, T1 first, T2 second, T3 third)
        where T1 : IGeneratedTask<T1> where T2 : IGeneratedTask<T2> where T3 : IGeneratedTask<T3> =>
        client.Chain(first).Then(second).Then(third);

    /// <summary>A chain of two tasks.</summary>
    public static TaskChain Chain<T1, T2>(this ITaskClient client, T1 first, T2 second)
        where T1 : IGeneratedTask<T1> where T2 : IGeneratedTask<T2> =>
        client.Chain(first).Then(second);

    /// <summary>The chain's state, derived from its links' jobs.</summary>
    public static async ValueTask<ChainStatus> GetChainAsync(this ITaskClient client, ChainHandle chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(chain);
        var jobs = new JobInfo?[chain.JobIds.Count];
        for (int i = 0; i < jobs.Length; i++)
            jobs[i] = await client.GetJobAsync(chain.JobIds[i], cancellationToken).ConfigureAwait(false);
        int completed = jobs.TakeWhile(j => j?.State == JobState.Succeeded).Count();
        if (completed == jobs.Length)
            return new ChainStatus(ChainState.Succeeded, completed, null, jobs);
        var current = jobs[completed];
        if (current?.State is JobState.Dead or JobState.Cancelled)
            return new ChainStatus(ChainState.Failed, completed, completed, jobs);
        bool started = completed > 0 || current?.State is JobState.Active or JobState.Retry;
        return new ChainStatus(started ? ChainState.Running : ChainState.Pending, completed, completed, jobs);
    }

    /// <summary>The result of the chain link before this one, decoded with <typeparamref name="TPrevious"/>'s generated reader.</summary>
    /// <exception cref="InvalidOperationException">The job is not a chain link after one that returned a result.</exception>
    public static TResult ReadPreviousResult<TPrevious, TResult>(this TaskContext context) where TPrevious : IGeneratedTask<TPrevious, TResult>
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.PreviousResult.IsEmpty)
            throw new InvalidOperationException($"Job {context.JobId} has no previous result: it is not a chain link after a task that returns one.");
        var reader = new MessagePackReader(context.PreviousResult);
        return TPrevious.ReadResult(ref reader);
    }
}
