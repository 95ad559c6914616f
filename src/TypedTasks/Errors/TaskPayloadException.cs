namespace TypedTasks;

/// <summary>
/// A job's payload cannot be read as its task: a required member is missing, has the wrong type, or the bytes are not
/// valid MessagePack. The worker moves such a job to the dead set with this message; it never retries it.
/// </summary>
public sealed class TaskPayloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskPayloadException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public TaskPayloadException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>A required member is absent from the payload.</summary>
    public static TaskPayloadException MissingMember(string taskName, string memberName) =>
        new($"{taskName}: missing required member '{memberName}'. The job was written by a version of the task without it; give the member a default value to accept such jobs.");

    /// <summary>A member holds a value of the wrong MessagePack type.</summary>
    public static TaskPayloadException InvalidMember(string taskName, string memberName, Exception cause) =>
        new($"{taskName}: member '{memberName}' cannot be read: {cause.Message}", cause);
}
