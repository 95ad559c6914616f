namespace TypedTasks;

/// <summary>The outcome of an enqueue.</summary>
/// <param name="Id">The stored job's id, or the id of the job holding the unique lock.</param>
/// <param name="Duplicate"><see langword="true"/> when no job was stored because a unique lock is held by <paramref name="Id"/>.</param>
public readonly record struct EnqueueResult(JobId Id, bool Duplicate);
