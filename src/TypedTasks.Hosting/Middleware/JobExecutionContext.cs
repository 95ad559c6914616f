namespace TypedTasks.Hosting;

/// <summary>What a job middleware knows about the job it wraps.</summary>
public sealed class JobExecutionContext
{
    internal JobExecutionContext(JobEnvelope envelope, TaskContext task, CancellationToken cancellationToken)
    {
        Envelope = envelope;
        Task = task;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job as stored: id, task name, queue, options, raw arguments.</summary>
    public JobEnvelope Envelope { get; }

    /// <summary>The context the task receives (attempt, services, progress).</summary>
    public TaskContext Task { get; }

    /// <summary>Fires on timeout, cancellation, lost lease or shutdown.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The job's id.</summary>
    public JobId JobId => Envelope.Id;

    /// <summary>The task's wire name.</summary>
    public string TaskName => Envelope.Name;

    /// <summary>The attempt being run, from 1.</summary>
    public int Attempt => Task.Attempt;

    /// <summary>The task's encoded result once it has run, if it returns one.</summary>
    public byte[]? Result { get; internal set; }
}
