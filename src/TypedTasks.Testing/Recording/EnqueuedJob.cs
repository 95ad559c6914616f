using System.Globalization;

namespace TypedTasks.Testing;

/// <summary>
/// A job the broker stored while the test kit ran: where it went, when it is due and the options it carries, as the
/// worker will read them from its envelope.
/// </summary>
public class EnqueuedJob
{
    internal EnqueuedJob(JobEnvelope envelope, DateTimeOffset? dueAt, EnqueuedJob? enqueuedBy, int depth)
    {
        Envelope = envelope;
        DueAt = dueAt;
        EnqueuedBy = enqueuedBy;
        Depth = depth;
    }

    /// <summary>The job as stored: ids, task name, queue, options and the task's encoded arguments.</summary>
    public JobEnvelope Envelope { get; }

    /// <summary>The job's id.</summary>
    public JobId Id => Envelope.Id;

    /// <summary>The task's wire name.</summary>
    public string TaskName => Envelope.Name;

    /// <summary>The queue the job went to.</summary>
    public string Queue => Envelope.Queue;

    /// <summary>When the job was enqueued, on the test clock.</summary>
    public DateTimeOffset EnqueuedAt => Envelope.EnqueuedAt;

    /// <summary>When the job is due (<c>PerformIn</c>, <c>PerformAt</c>, a cron fire time); <see langword="null"/> for at once.</summary>
    public DateTimeOffset? DueAt { get; }

    /// <summary>Retries after the first attempt (the task's, or the job's <see cref="JobOptions.MaxRetries"/>).</summary>
    public int MaxRetries => Envelope.MaxRetries;

    /// <summary>The time limit of one attempt, if any.</summary>
    public TimeSpan? Timeout => Envelope.Timeout;

    /// <summary>How long the job's result is kept after success, if at all.</summary>
    public TimeSpan? KeepResultFor => Envelope.KeepResultFor;

    /// <summary>The unique lock key the job holds, if any.</summary>
    public string? UniqueKey => Envelope.UniqueKey;

    /// <summary>The job's own retry delays (<see cref="JobOptions.RetryDelays"/>), if any.</summary>
    public IReadOnlyList<TimeSpan>? RetryDelays => Envelope.RetryDelays;

    /// <summary>The job that enqueued this one while it ran; <see langword="null"/> for a job the test (or a cron fire) enqueued.</summary>
    public EnqueuedJob? EnqueuedBy { get; }

    /// <summary>How many jobs up the <see cref="EnqueuedBy"/> line goes: 0 for a job the test enqueued.</summary>
    public int Depth { get; }

    /// <summary>Describes the job on one line, as assertion messages list it.</summary>
    public override string ToString() => $"{Describe()} on queue \"{Queue}\", {DueText()}, job {Id}";

    /// <summary>The job's task: its name here; the task's own text on a typed job.</summary>
    private protected virtual string Describe() => TaskName;

    private string DueText() => DueAt is { } due
        ? "due " + due.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFF", CultureInfo.InvariantCulture) + "Z" + $" ({(due - EnqueuedAt).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after its enqueue)"
        : "due at once";
}

/// <summary>A job of <typeparamref name="TTask"/>, with the task read back through its generated serializer.</summary>
/// <typeparam name="TTask">The task type.</typeparam>
public sealed class EnqueuedJob<TTask> : EnqueuedJob
    where TTask : IGeneratedTask<TTask>
{
    internal EnqueuedJob(EnqueuedJob job, TTask task)
        : base(job.Envelope, job.DueAt, job.EnqueuedBy, job.Depth) => Task = task;

    /// <summary>The task as a worker will see it: decoded from the stored payload, not the object the caller passed.</summary>
    public TTask Task { get; }

    private protected override string Describe() => Task.ToString() ?? TaskName;
}
