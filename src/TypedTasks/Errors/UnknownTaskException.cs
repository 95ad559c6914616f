namespace TypedTasks;

/// <summary>
/// A job names a task this process does not know: the task type is not compiled into the worker, or it was renamed
/// without pinning its old name with <c>[Backtask(Name = ...)]</c>. The worker moves the job to the dead set.
/// </summary>
public sealed class UnknownTaskException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownTaskException(string taskName)
        : base($"No task named '{taskName}' is registered in this worker. Reference the assembly that declares it, or pin the task's old name with [Backtask(Name = \"{taskName}\")].")
    {
        TaskName = taskName;
    }

    /// <summary>The unknown name.</summary>
    public string TaskName { get; }
}
