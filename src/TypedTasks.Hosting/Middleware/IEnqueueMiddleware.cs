using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>Runs the rest of the enqueue pipeline (the next middleware, or the broker).</summary>
public delegate ValueTask<EnqueueResult> EnqueueDelegate(EnqueueContext context);

/// <summary>
/// Code around every enqueue through the host's <see cref="ITaskClient"/> (Sidekiq's client middleware): audit,
/// tenancy, rejecting jobs. Call <c>next(context)</c> to store the job; change <see cref="EnqueueContext.Request"/> first
/// to alter it.
/// </summary>
public interface IEnqueueMiddleware
{
    /// <summary>Runs around one enqueue.</summary>
    ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next);
}

/// <summary>What an enqueue middleware knows about the job being stored.</summary>
public sealed class EnqueueContext
{
    internal EnqueueContext(EnqueueRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        CancellationToken = cancellationToken;
    }

    /// <summary>The broker request: id, queue, task name, encoded envelope, due time, unique lock.</summary>
    public EnqueueRequest Request { get; set; }

    /// <summary>The caller's cancellation token.</summary>
    public CancellationToken CancellationToken { get; }
}
