namespace TypedTasks;

/// <summary>Holds the client that the parameterless <c>PerformAsync()</c> methods use.</summary>
public static class TaskClient
{
    private static volatile ITaskClient? s_default;

    /// <summary>
    /// The client of the application; <c>AddTypedTasks()</c> sets it when the host starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">No client is configured.</exception>
    public static ITaskClient Default
    {
        get => s_default ?? throw new InvalidOperationException(
            "No TypedTasks client is configured. Register one with services.AddTypedTasks(o => o.UseRedis(\"localhost:6379\")) " +
            "or o.UseInMemory() and start the host, set TaskClient.Default, or pass an ITaskClient to PerformAsync.");
        set => s_default = value;
    }

    /// <summary>Whether a default client is configured.</summary>
    public static bool IsConfigured => s_default is not null;
}
