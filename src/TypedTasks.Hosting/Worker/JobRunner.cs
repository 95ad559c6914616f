using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedTasks.Brokers;
using MessagePack;

namespace TypedTasks.Hosting;

/// <summary>
/// Runs one fetched job: decodes its envelope, finds its task, opens a DI scope, runs the middleware and the task
/// under its timeout, and records the outcome — ack, retry with backoff, dead, cancelled, or put back on shutdown.
/// </summary>
internal sealed class JobRunner
{
    private readonly IBroker _broker;
    private readonly TaskRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly WorkerOptions _options;
    private readonly IJobMiddleware[] _middleware;
    private readonly IJobLifecycleObserver[] _observers;
    private readonly AckBuffer _acks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Retention> _queueRetention;

    public JobRunner(IBroker broker, TaskRegistry registry, IServiceScopeFactory scopes, WorkerOptions options,
        IJobMiddleware[] middleware, IJobLifecycleObserver[] observers, AckBuffer acks, TimeProvider time, ILogger logger)
    {
        _broker = broker;
        _registry = registry;
        _scopes = scopes;
        _options = options;
        _middleware = middleware;
        _observers = observers;
        _acks = acks;
        _time = time;
        _logger = logger;
        _queueRetention = options.Queues.GroupBy(q => q.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Retention, StringComparer.Ordinal);
    }

    /// <summary>Runs the job and records its outcome.</summary>
    /// <returns><see langword="false"/> when the job is of a task this worker does not run and was put back.</returns>
    public async Task<bool> RunAsync(RunningJob running)
    {
        var job = running.Job;
        JobEnvelope envelope;
        try
        {
            envelope = JobEnvelopeCodec.Decode(job.Envelope);
        }
        catch (MessagePackSerializationException e)
        {
            await BuryAsync(job, "?", $"The job's envelope cannot be decoded: {e.Message}", null).ConfigureAwait(false);
            return true;
        }
        if (_options.TaskNames.Count > 0 && !_options.TaskNames.Contains(envelope.Name))
        {
            await _broker.RequeueAsync(job.Lease).ConfigureAwait(false);
            return false;
        }
        if (!_registry.TryGet(envelope.Name, out var task))
        {
            await BuryAsync(job, envelope.Name, new UnknownTaskException(envelope.Name).Message, null).ConfigureAwait(false);
            return true;
        }

        using var activity = StartActivity(envelope, job);
        using var logScope = _logger.BeginScope(new JobLogScope(envelope.Id, envelope.Name, job.Queue, job.Attempt));
        var timeout = envelope.Timeout ?? task.Options.Timeout;
        // A limit no CancellationTokenSource accepts (from a client that did not check it) fails the attempt below,
        // with the reason; thrown here, outside the try, it left the job leased until it stalled into the dead set.
        var badTimeout = timeout is { } bad && !JobOptions.IsValidTimeout(bad)
            ? new TaskPayloadException($"{envelope.Name}: the job's time limit {bad} is out of range; a limit must be positive and at most {JobOptions.MaxTimeout}.")
            : null;
        using var timeoutSource = timeout is { } limit && badTimeout is null ? new CancellationTokenSource(limit, _time) : null;
        using var linked = timeoutSource is null ? null : CancellationTokenSource.CreateLinkedTokenSource(running.Token, timeoutSource.Token);
        var token = linked?.Token ?? running.Token;

        await using var scope = _scopes.CreateAsyncScope();
        var taskContext = new TaskContext(envelope.Id, envelope.Name, job.Queue, job.Attempt, envelope.EnqueuedAt, scope.ServiceProvider)
        {
            ProgressSink = new LeaseProgressSink(_broker, job.Lease),
            PreviousResult = envelope.PreviousResult ?? default,
        };
        var context = new JobExecutionContext(envelope, taskContext, token);
        var tags = new TagList { TypedTasksTelemetry.TaskTag(envelope.Name), TypedTasksTelemetry.QueueTag(job.Queue) };
        TypedTasksTelemetry.Started.Add(1, tags);
        if (job.Attempt == 1)
            TypedTasksTelemetry.QueueLatency.Record(Math.Max(0, (_time.GetUtcNow() - envelope.EnqueuedAt).TotalSeconds), tags);
        await NotifyAsync(static (o, c) => o.OnProcessingAsync(c), context).ConfigureAwait(false);

        long started = _time.GetTimestamp();
        try
        {
            if (badTimeout is not null)
                throw badTimeout;
            await InvokeAsync(context, 0, task).ConfigureAwait(false);
            if (envelope.Next is { Count: > 0 } next)
                await EnqueueNextLinkAsync(next, context.Result).ConfigureAwait(false);
            await MarkGroupMemberDoneAsync(envelope).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            TypedTasksTelemetry.Duration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            bool timedOut = timeoutSource?.IsCancellationRequested == true && running.Reason == StopReason.None && error is OperationCanceledException;
            await FailAsync(running, envelope, task, context, error, timedOut ? timeout : null, tags).ConfigureAwait(false);
            return true;
        }

        var elapsed = _time.GetElapsedTime(started);
        TypedTasksTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
        var keep = envelope.KeepResultFor ?? (RetentionFor(task, job.Queue) == Retention.KeepAll ? TaskOptions.KeepAllFor : null);
        _acks.Add(new JobAck
        {
            Lease = job.Lease,
            Result = keep is not null && (context.Result ?? taskContext.SavedResult) is { } result ? result : null,
            KeepFor = keep,
        });
        TypedTasksTelemetry.Succeeded.Add(1, tags);
        WorkerLog.Succeeded(_logger, envelope.Id, envelope.Name, elapsed.TotalMilliseconds);
        await NotifyAsync(static (o, c) => o.OnSucceededAsync(c), context).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Enqueues the chain's next link before this job is acked, under the id the chain gave it: if the worker dies
    /// in between, this job runs again and the broker keeps the first copy of the link.
    /// </summary>
    private async Task EnqueueNextLinkAsync(IReadOnlyList<ReadOnlyMemory<byte>> next, byte[]? result)
    {
        var link = JobEnvelopeCodec.Decode(next[0]) with
        {
            EnqueuedAt = _time.GetUtcNow(),
            PreviousResult = result is { } bytes ? bytes : null,
            Next = next.Count > 1 ? next.Skip(1).ToArray() : null,
        };
        await _broker.EnqueueAsync(new EnqueueRequest
        {
            Id = link.Id,
            Queue = link.Queue,
            TaskName = link.Name,
            Envelope = JobEnvelopeCodec.Encode(link),
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a group member as done; the member that completes the group enqueues the completion job under its
    /// fixed id, so a member that runs twice cannot enqueue it twice.
    /// </summary>
    private async Task MarkGroupMemberDoneAsync(JobEnvelope envelope)
    {
        if (envelope.GroupId is not { } groupId)
            return;
        bool complete = await _broker.MarkGroupMemberDoneAsync(groupId, envelope.Id, envelope.GroupSize, TaskChain.KeepFor).ConfigureAwait(false);
        if (!complete || envelope.GroupCompletion is not { } encoded)
            return;
        var completion = JobEnvelopeCodec.Decode(encoded) with { EnqueuedAt = _time.GetUtcNow() };
        await _broker.EnqueueAsync(new EnqueueRequest
        {
            Id = completion.Id,
            Queue = completion.Queue,
            TaskName = completion.Name,
            Envelope = JobEnvelopeCodec.Encode(completion),
        }).ConfigureAwait(false);
    }

    /// <summary>The task's retention, else its queue's, else <see cref="Retention.RemoveFinished"/>.</summary>
    private Retention RetentionFor(TaskDescriptor task, string queue) =>
        task.Options.Retention ?? (_queueRetention.TryGetValue(queue, out var retention) ? retention : Retention.RemoveFinished);

    /// <summary>Puts a job back in its queue without counting an attempt (used when the worker stops).</summary>
    public async Task RequeueAsync(RunningJob running)
    {
        await _broker.RequeueAsync(running.Lease).ConfigureAwait(false);
        WorkerLog.Requeued(_logger, running.Job.Id, running.Job.Queue);
    }

    private async Task FailAsync(RunningJob running, JobEnvelope envelope, TaskDescriptor task, JobExecutionContext context,
        Exception error, TimeSpan? timedOutAfter, TagList tags)
    {
        var job = running.Job;
        switch (running.Reason)
        {
            case StopReason.Shutdown:
                await RequeueAsync(running).ConfigureAwait(false);
                return;
            case StopReason.LeaseLost:
                WorkerLog.LeaseLost(_logger, job.Id);
                return;
            case StopReason.Cancelled:
                await _broker.FailAsync(new JobFailure
                {
                    Lease = job.Lease,
                    Error = "Cancelled on request.",
                    Disposition = FailureDisposition.Cancelled,
                }).ConfigureAwait(false);
                WorkerLog.Cancelled(_logger, job.Id, envelope.Name);
                await MarkGroupMemberDoneAsync(envelope).ConfigureAwait(false);
                await NotifyAsync(static (o, s) => o.OnFailedAsync(s.context, s.error), (context, error)).ConfigureAwait(false);
                return;
        }

        TypedTasksTelemetry.Failed.Add(1, tags);
        string message = timedOutAfter is { } limit
            ? $"The job timed out after {limit.TotalSeconds:0.###} s."
            : error is TaskPayloadException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        bool canRetry = error is not TaskPayloadException && job.Attempt <= envelope.MaxRetries;
        if (canRetry)
        {
            var delay = envelope.RetryDelays is { Count: > 0 } delays
                ? delays[Math.Min(job.Attempt, delays.Count) - 1]
                : (task.Options.Backoff ?? _options.Backoff ?? RetryBackoff.Default)(job.Attempt);
            await _broker.FailAsync(new JobFailure
            {
                Lease = job.Lease,
                Error = message,
                Disposition = FailureDisposition.Retry,
                RetryDelay = delay,
            }).ConfigureAwait(false);
            TypedTasksTelemetry.Retried.Add(1, tags);
            WorkerLog.Retrying(_logger, error, job.Id, envelope.Name, job.Attempt, delay, message);
            await NotifyAsync(static (o, s) => o.OnRetryingAsync(s.context, s.error, s.delay), (context, error, delay)).ConfigureAwait(false);
            return;
        }
        await _broker.FailAsync(new JobFailure { Lease = job.Lease, Error = message, Disposition = FailureDisposition.Dead }).ConfigureAwait(false);
        await MarkGroupMemberDoneAsync(envelope).ConfigureAwait(false);
        if (RetentionFor(task, job.Queue) == Retention.RemoveAll)
            await _broker.DeleteJobAsync(job.Id).ConfigureAwait(false);
        TypedTasksTelemetry.Dead.Add(1, tags);
        WorkerLog.Dead(_logger, error, job.Id, envelope.Name, job.Attempt, message);
        await NotifyAsync(static (o, s) => o.OnFailedAsync(s.context, s.error), (context, error)).ConfigureAwait(false);
    }

    private async Task BuryAsync(LeasedJob job, string taskName, string reason, Exception? error)
    {
        await _broker.FailAsync(new JobFailure { Lease = job.Lease, Error = reason, Disposition = FailureDisposition.Dead }).ConfigureAwait(false);
        TypedTasksTelemetry.Dead.Add(1, TypedTasksTelemetry.TaskTag(taskName), TypedTasksTelemetry.QueueTag(job.Queue));
        WorkerLog.Dead(_logger, error, job.Id, taskName, job.Attempt, reason);
    }

    private ValueTask InvokeAsync(JobExecutionContext context, int index, TaskDescriptor task)
    {
        if (index == _middleware.Length)
            return RunTaskAsync(context, task);
        return _middleware[index].InvokeAsync(context, next => InvokeAsync(next, index + 1, task));
    }

    private static async ValueTask RunTaskAsync(JobExecutionContext context, TaskDescriptor task)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        context.Result = await task.ExecuteAsync(context.Envelope.Args, context.Task, context.CancellationToken).ConfigureAwait(false);
    }

    private static Activity? StartActivity(JobEnvelope envelope, LeasedJob job)
    {
        var source = TypedTasksTelemetry.ActivitySource;
        if (!source.HasListeners())
            return null;
        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        var activity = source.StartActivity("process " + envelope.Name, ActivityKind.Consumer, parent,
            links: parent == default ? null : [new ActivityLink(parent)]);
        activity?.SetTag("typedtasks.task", envelope.Name);
        activity?.SetTag("typedtasks.queue", job.Queue);
        activity?.SetTag("typedtasks.job_id", envelope.Id.Value);
        activity?.SetTag("typedtasks.attempt", job.Attempt);
        return activity;
    }

    /// <summary>Tells each observer, with its state passed along so a job with no observers allocates nothing here.</summary>
    private ValueTask NotifyAsync<TState>(Func<IJobLifecycleObserver, TState, ValueTask> notify, TState state) =>
        _observers.Length == 0 ? ValueTask.CompletedTask : NotifyEachAsync(notify, state);

    private async ValueTask NotifyEachAsync<TState>(Func<IJobLifecycleObserver, TState, ValueTask> notify, TState state)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await notify(observer, state).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                WorkerLog.ObserverFailed(_logger, e);
            }
        }
    }
}
