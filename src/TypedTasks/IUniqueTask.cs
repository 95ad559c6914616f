namespace TypedTasks;

/// <summary>
/// A task that names its own uniqueness key (e.g. <c>$"report:{CustomerId}:{Day}"</c>) instead of the default, a hash
/// of its whole payload. While a job with the same task name and key waits or runs, enqueueing another returns the
/// existing job's id. Implementing it makes the task unique even without <c>[Backtask(Unique = true)]</c>.
/// </summary>
public interface IUniqueTask
{
    /// <summary>The key that identifies duplicates of this task.</summary>
    string UniqueKey { get; }
}
