namespace TypedTasks.Testing;

/// <summary>An assertion of the test kit failed; the message says what was expected and lists what was enqueued.</summary>
public sealed class TaskAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskAssertionException(string message)
        : base(message)
    {
    }
}
