namespace TypedTasks.Hosting;

/// <summary>One queue a worker serves.</summary>
/// <param name="Name">The queue's name.</param>
/// <param name="Concurrency">How many of its jobs run at once in this process.</param>
/// <param name="Weight">Its share of fetches when queues are ordered by weight (ignored in strict order).</param>
/// <param name="Retention">What happens to its finished jobs when their task does not say.</param>
public sealed record QueueOptions(string Name, int Concurrency, int Weight, Retention Retention = Retention.RemoveFinished);
