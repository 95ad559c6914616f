namespace TypedTasks;

/// <summary>Options of a task type. Every property is optional.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class BacktaskAttribute : Attribute
{
    /// <summary>
    /// The stable wire name of the task (1–200 characters of <c>[A-Za-z0-9._:-]</c>). Defaults to the full type name;
    /// pin it so that renaming or moving the type does not orphan queued jobs.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The queue jobs of this task go to when the caller names none. Defaults to <c>"default"</c>.</summary>
    public string? Queue { get; set; }

    /// <summary>How many times a failed job is retried before it goes to the dead set. Negative means the default (25).</summary>
    public int MaxRetries { get; set; } = -1;

    /// <summary>The job's time limit in seconds; 0 means none. On expiry the job's token is cancelled and the attempt fails.</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>When true, enqueueing a job whose task name and payload equal a queued one returns the queued job's id.</summary>
    public bool Unique { get; set; }

    /// <summary>How long a unique lock lives, in seconds; 0 means until the job ends (bounded by 24 h).</summary>
    public int UniqueForSeconds { get; set; }

    /// <summary>Whether the unique lock is released when the job starts or when it ends.</summary>
    public UniqueMode UniqueMode { get; set; } = UniqueMode.UntilDone;

    /// <summary>How long the job's result and state are kept after success, in seconds; 0 deletes the job at once.</summary>
    public int KeepResultForSeconds { get; set; }

    /// <summary>What happens to this task's finished jobs; <see cref="TypedTasks.Retention.RemoveFinished"/> by default.</summary>
    public Retention Retention { get; set; }
}
