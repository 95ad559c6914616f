using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using TypedTasks.Brokers;
using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks;

/// <summary>
/// The <see cref="ITaskClient"/> over an <see cref="IBroker"/>: merges the task's options with the job's, encodes the
/// task with its generated serializer into a <see cref="JobEnvelope"/> and stores it — one broker call per job, or one for a whole batch (<see cref="EnqueueManyAsync{TTask}"/>).
/// </summary>
public sealed class BrokerTaskClient : ITaskClient
{
    /// <summary>How long a unique lock lives when neither the task nor the job says (a job that never ends must not block its duplicates forever).</summary>
    public static readonly TimeSpan DefaultUniqueFor = TimeSpan.FromHours(24);

    /// <summary>
    /// The largest task payload (the task's encoded members) a client accepts unless told otherwise: 1 MiB. A job is
    /// copied at every state change and lives in the broker's memory; large data belongs in a store the task reads.
    /// </summary>
    public const int DefaultMaxPayloadBytes = 1024 * 1024;

    private readonly IBroker _broker;
    private readonly TimeProvider _time;
    private readonly int _maxPayloadBytes;

    /// <summary>Creates a client.</summary>
    /// <param name="broker">Where jobs go.</param>
    /// <param name="timeProvider">The clock for job ids and enqueue times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="maxPayloadBytes">The largest payload enqueued; a larger one is refused (<see cref="DefaultMaxPayloadBytes"/> by default).</param>
    public BrokerTaskClient(IBroker broker, TimeProvider? timeProvider = null, int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayloadBytes);
        _time = timeProvider ?? TimeProvider.System;
        _maxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The largest payload this client enqueues.</summary>
    public int MaxPayloadBytes => _maxPayloadBytes;

    /// <summary>The broker jobs go to.</summary>
    public IBroker Broker => _broker;

    /// <inheritdoc />
    public TimeProvider TimeProvider => _time;

    /// <inheritdoc />
    public async ValueTask<JobId> EnqueueAsync<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var request = CreateRequest(task, queue, runAt, options);
        var result = await _broker.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Id;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobId>> EnqueueManyAsync<TTask>(IEnumerable<TTask> tasks, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask>
    {
        var requests = CreateRequests(tasks, queue, runAt, options);
        if (requests.Length == 0)
            return [];
        var results = await _broker.EnqueueManyAsync(requests, cancellationToken).ConfigureAwait(false);
        var ids = new JobId[results.Count];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = results[i].Id;
        return ids;
    }

    /// <inheritdoc />
    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => _broker.GetJobAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => _broker.DeleteJobAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => _broker.RequestCancelAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default) => _broker.PauseAsync(queue, cancellationToken);

    /// <inheritdoc />
    public ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default) => _broker.ResumeAsync(queue, cancellationToken);

    /// <summary>
    /// Builds the broker request <see cref="EnqueueAsync{TTask}"/> sends, for callers that enqueue in bulk with
    /// <see cref="IBroker.EnqueueManyAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The queue name is invalid, or the payload is larger than <see cref="MaxPayloadBytes"/>.</exception>
    public EnqueueRequest CreateRequest<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null)
        where TTask : IGeneratedTask<TTask> =>
        BuildRequest(task, queue, runAt, options, _time.GetUtcNow(), _maxPayloadBytes);

    /// <summary>
    /// Builds the broker requests <see cref="EnqueueManyAsync{TTask}"/> sends, one per task in order, every one checked
    /// before this returns.
    /// </summary>
    /// <exception cref="ArgumentException">A task is null or its payload is refused (the message says which), the queue name is invalid, or <paramref name="options"/> sets a job id.</exception>
    public EnqueueRequest[] CreateRequests<TTask>(IEnumerable<TTask> tasks, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null)
        where TTask : IGeneratedTask<TTask> =>
        BulkRequests.Build(tasks, queue, runAt, options, _time.GetUtcNow(), _maxPayloadBytes).Requests;

    /// <summary>The broker request for a job of <paramref name="task"/>, as of <paramref name="now"/>.</summary>
    internal static EnqueueRequest BuildRequest<TTask>(TTask task, string? queue, DateTimeOffset? runAt, JobOptions? options, DateTimeOffset now,
        int maxPayloadBytes = DefaultMaxPayloadBytes)
        where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(task);
        var taskOptions = TTask.Options;
        string targetQueue = QueueName.Validate(queue ?? taskOptions.Queue, nameof(queue));
        var id = options?.JobId ?? JobId.New(now);
        var args = ScratchBuffers.Rent();
        try
        {
            var writer = new MessagePackWriter(args);
            TTask.Write(ref writer, task);
            writer.Flush();
            if (args.WrittenCount > maxPayloadBytes)
                throw new ArgumentException(
                    $"{TTask.Name}: the payload is {args.WrittenCount} bytes, more than the {maxPayloadBytes} bytes a job may carry. " +
                    "Keep large data in a store (a database, blob storage) and give the task its key, or raise the limit " +
                    "(TypedTasksOptions.MaxPayloadBytes, or BrokerTaskClient's maxPayloadBytes).", nameof(task));
            return BuildRequest(args.WrittenMemory, runAt, options, now, taskOptions, targetQueue, id,
                (task as IUniqueTask)?.UniqueKey, TTask.Name);
        }
        finally
        {
            ScratchBuffers.Return(args);
        }
    }

    private static EnqueueRequest BuildRequest(ReadOnlyMemory<byte> args, DateTimeOffset? runAt, JobOptions? options, DateTimeOffset now,
        TaskOptions taskOptions, string targetQueue, JobId id, string? taskUniqueKey, string taskName)
    {
        var envelope = new JobEnvelope
        {
            Id = id,
            Name = taskName,
            Args = args,
            Queue = targetQueue,
            EnqueuedAt = now,
            MaxRetries = options?.MaxRetries ?? taskOptions.MaxRetries,
            Timeout = CheckedTimeout(options?.Timeout, taskOptions.Timeout, taskName),
            KeepResultFor = options?.KeepResultFor ?? taskOptions.KeepResultFor,
            UniqueKey = UniqueKeyFor(taskName, args.Span, taskOptions, options, taskUniqueKey),
            RetryDelays = options?.RetryDelays,
            TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
            Next = options?.Next,
            GroupId = options?.Group?.Id,
            GroupSize = options?.Group?.Size ?? 0,
            GroupCompletion = options?.Group?.Completion,
        };
        return new EnqueueRequest
        {
            Id = id,
            Queue = targetQueue,
            TaskName = taskName,
            Envelope = JobEnvelopeCodec.Encode(envelope),
            DueAt = runAt > now ? runAt : null,
            Unique = envelope.UniqueKey is { } key
                ? new UniqueLock(key, options?.UniqueFor ?? taskOptions.UniqueFor ?? DefaultUniqueFor, taskOptions.UniqueMode)
                : null,
        };
    }

    /// <summary>
    /// The job's time limit, refused here when a worker could not run under it: a limit out of the range a
    /// <see cref="CancellationTokenSource"/> accepts would make every attempt fail before the job starts.
    /// </summary>
    private static TimeSpan? CheckedTimeout(TimeSpan? jobTimeout, TimeSpan? taskTimeout, string taskName)
    {
        if (jobTimeout is { } job && !JobOptions.IsValidTimeout(job))
            throw new ArgumentOutOfRangeException("options", job,
                $"JobOptions.Timeout of a {taskName} job is {job}; a time limit must be positive and at most JobOptions.MaxTimeout ({JobOptions.MaxTimeout}). Leave it null for the task's own limit.");
        if (jobTimeout is null && taskTimeout is { } task && !JobOptions.IsValidTimeout(task))
            throw new ArgumentOutOfRangeException("task", task,
                $"Task {taskName} declares a time limit of {task} ([Backtask(TimeoutSeconds)]); it must be positive and at most JobOptions.MaxTimeout ({JobOptions.MaxTimeout}). Set JobOptions.Timeout for this job or fix the task's TimeoutSeconds.");
        return jobTimeout ?? taskTimeout;
    }

    /// <summary>
    /// A unique task without an explicit key is keyed on its name and a SHA-256 of its payload: payload bytes are
    /// deterministic (every member written, in declaration order), so equal tasks give equal keys.
    /// </summary>
    private static string? UniqueKeyFor(string taskName, ReadOnlySpan<byte> args, TaskOptions taskOptions, JobOptions? options, string? taskKey)
    {
        if (options?.UniqueKey is { } explicitKey)
            return explicitKey;
        if (taskKey is not null)
            return taskName + ":" + taskKey;
        if (!taskOptions.Unique)
            return null;
        return taskName + ":" + Convert.ToHexString(SHA256.HashData(args)).ToLowerInvariant();
    }
}
