namespace TypedTasks;

/// <summary>Excludes a property from a task's payload: it is neither written nor read.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class TaskIgnoreAttribute : Attribute
{
}
