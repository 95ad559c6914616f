using System.Diagnostics;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// The host's <see cref="ITaskClient"/>: an enqueue span whose context travels in the envelope, the enqueue
/// middleware in registration order, then one broker call (one bulk call for a batch, see <see cref="MiddlewareBatch"/>).
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

    public async ValueTask<IReadOnlyList<JobId>> EnqueueManyAsync<TTask>(IEnumerable<TTask> tasks, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var source = TypedTasksTelemetry.ActivitySource;
        using var activity = source.HasListeners() ? source.StartActivity("enqueue " + TTask.Name, ActivityKind.Producer) : null;
        var requests = _inner.CreateRequests(tasks, queue, runAt, options);
        activity?.SetTag("typedtasks.task", TTask.Name);
        activity?.SetTag("typedtasks.jobs", requests.Length);
        if (requests.Length == 0)
            return [];
        var results = _middleware.Length == 0
            ? await _broker.EnqueueManyAsync(requests, cancellationToken).ConfigureAwait(false)
            : await MiddlewareBatch.RunAsync(requests, (context, last) => Invoke(context, 0, last), _broker, cancellationToken).ConfigureAwait(false);
        var ids = new JobId[results.Count];
        int stored = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = results[i].Id;
            if (!results[i].Duplicate)
                stored++;
        }
        if (stored > 0)
            TypedTasksTelemetry.Enqueued.Add(stored, TypedTasksTelemetry.TaskTag(TTask.Name), TypedTasksTelemetry.QueueTag(requests[0].Queue));
        return ids;
    }

    public TimeProvider TimeProvider => _inner.TimeProvider;

    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => _inner.GetJobAsync(id, cancellationToken);

    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => _inner.DeleteJobAsync(id, cancellationToken);

    public ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => _inner.CancelAsync(id, cancellationToken);

    public ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default) => _inner.PauseQueueAsync(queue, cancellationToken);

    public ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default) => _inner.ResumeQueueAsync(queue, cancellationToken);

    private ValueTask<EnqueueResult> Invoke(EnqueueContext context, int index) =>
        Invoke(context, index, next => _broker.EnqueueAsync(next.Request, next.CancellationToken));

    /// <summary>Runs the middleware from <paramref name="index"/> on, with <paramref name="last"/> where the broker is.</summary>
    private ValueTask<EnqueueResult> Invoke(EnqueueContext context, int index, EnqueueDelegate last)
    {
        if (index == _middleware.Length)
            return last(context);
        return _middleware[index].InvokeAsync(context, next => Invoke(next, index + 1, last));
    }
}
