namespace TypedTasks;

/// <summary>
/// What a running job knows about itself. Take it as a <c>RunAsync</c> parameter.
/// </summary>
public sealed class TaskContext
{
    /// <summary>Creates a context; the worker does this for every attempt.</summary>
    public TaskContext(JobId jobId, string taskName, string queue, int attempt, DateTimeOffset enqueuedAt, IServiceProvider services)
    {
        JobId = jobId;
        TaskName = taskName;
        Queue = queue;
        Attempt = attempt;
        EnqueuedAt = enqueuedAt;
        Services = services;
    }

    /// <summary>The job's id.</summary>
    public JobId JobId { get; }

    /// <summary>The task's wire name.</summary>
    public string TaskName { get; }

    /// <summary>The queue the job was fetched from.</summary>
    public string Queue { get; }

    /// <summary>The attempt now running: 1 for the first run, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>When the job was first enqueued.</summary>
    public DateTimeOffset EnqueuedAt { get; }

    /// <summary>The job's DI scope.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// The MessagePack-encoded result of the previous job of the chain this job belongs to; empty when there is none.
    /// </summary>
    public ReadOnlyMemory<byte> PreviousResult { get; init; }

    /// <summary>Receives progress reports and saved results; set by the worker.</summary>
    public ITaskProgressSink? ProgressSink { get; init; }

    /// <summary>The bytes given to <see cref="Save"/>, if any.</summary>
    public byte[]? SavedResult { get; private set; }

    /// <summary>
    /// Stores <paramref name="result"/> as the job's result (Tasqueue's <c>Save</c>), for tasks whose <c>RunAsync</c>
    /// returns no value; a value <c>RunAsync</c> returns takes precedence. Kept when the job keeps results.
    /// </summary>
    public void Save(byte[] result) => SavedResult = result ?? throw new ArgumentNullException(nameof(result));

    /// <summary>Reports how far the job has come (0–100); visible through the client's job lookup.</summary>
    public ValueTask ReportProgressAsync(double percent, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        return ProgressSink?.ReportProgressAsync(JobId, percent, cancellationToken) ?? default;
    }
}

/// <summary>Where a running job's progress goes; the worker implements it over the broker.</summary>
public interface ITaskProgressSink
{
    /// <summary>Records the job's progress.</summary>
    ValueTask ReportProgressAsync(JobId jobId, double percent, CancellationToken cancellationToken);
}
