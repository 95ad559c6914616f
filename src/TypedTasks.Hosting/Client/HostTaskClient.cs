using System.Diagnostics;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// The host's <see cref="ITaskClient"/>: an enqueue span whose context travels in the envelope, the enqueue
/// middleware in registration order, then one broker call.
/// </summary>
internal sealed class HostTaskClient : ITaskClient
{
    private readonly BrokerTaskClient _inner;
    private readonly IBroker _broker;
    private readonly IEnqueueMiddleware[] _middleware;

    public HostTaskClient(IBroker broker, IEnumerable<IEnqueueMiddleware> middleware, TimeProvider? timeProvider, int maxPayloadBytes)
    {
        _broker = broker;
        _inner = new BrokerTaskClient(broker, timeProvider, maxPayloadBytes);
        _middleware = middleware.ToArray();
    }

    public async ValueTask<JobId> EnqueueAsync<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var source = TypedTasksTelemetry.ActivitySource;
        using var activity = source.HasListeners() ? source.StartActivity("enqueue " + TTask.Name, ActivityKind.Producer) : null;
        var request = _inner.CreateRequest(task, queue, runAt, options);
        activity?.SetTag("typedtasks.task", TTask.Name);
        activity?.SetTag("typedtasks.queue", request.Queue);
        activity?.SetTag("typedtasks.job_id", request.Id.Value);
        var result = await (_middleware.Length == 0
            ? _broker.EnqueueAsync(request, cancellationToken)
            : Invoke(new EnqueueContext(request, cancellationToken), 0)).ConfigureAwait(false);
        if (!result.Duplicate)
            TypedTasksTelemetry.Enqueued.Add(1, TypedTasksTelemetry.TaskTag(TTask.Name), TypedTasksTelemetry.QueueTag(request.Queue));
        return result.Id;
    }

    public TimeProvider TimeProvider => _inner.TimeProvider;

    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => _inner.GetJobAsync(id, cancellationToken);

    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => _inner.DeleteJobAsync(id, cancellationToken);

    public ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => _inner.CancelAsync(id, cancellationToken);

    public ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default) => _inner.PauseQueueAsync(queue, cancellationToken);

    public ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default) => _inner.ResumeQueueAsync(queue, cancellationToken);

    private ValueTask<EnqueueResult> Invoke(EnqueueContext context, int index)
    {
        if (index == _middleware.Length)
            return _broker.EnqueueAsync(context.Request, context.CancellationToken);
        return _middleware[index].InvokeAsync(context, next => Invoke(next, index + 1));
    }
}
