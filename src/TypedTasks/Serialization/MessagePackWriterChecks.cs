namespace TypedTasks.Serialization;

/// <summary>
/// What generated writers check so that a worker can read everything a client enqueues: every array and map they open
/// counts against <see cref="MessagePackReaderChecks.MaxDepth"/>, the limit the reader enforces, so a payload nested
/// too deep is refused at enqueue rather than sent to the dead set by the worker.
/// </summary>
public static class MessagePackWriterChecks
{
    /// <summary>Refuses a container that <paramref name="depth"/> arrays and maps already enclose when the reader would refuse it.</summary>
    /// <param name="depth">The arrays and maps enclosing the container about to be written.</param>
    /// <param name="taskName">The task being written, for the message.</param>
    /// <exception cref="ArgumentException">The container would be nested deeper than the reader reads.</exception>
    public static void CheckDepth(int depth, string taskName)
    {
        if (depth >= MessagePackReaderChecks.MaxDepth)
            ThrowTooDeep(taskName);
    }

    private static void ThrowTooDeep(string taskName) =>
        throw new ArgumentException(
            $"{taskName}: the value nests arrays and maps (records, collections, tuples) more than {MessagePackReaderChecks.MaxDepth} levels deep, " +
            "which a worker cannot read. Flatten the data (a tree as a list of nodes with parent ids, a long chain as a list) " +
            "or keep it in a store and give the task its key.", "task");
}
