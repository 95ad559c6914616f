namespace TypedTasks;

/// <summary>
/// Pins the wire key of a task member, so a renamed member still reads payloads written under its old name.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class TaskMemberAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The key the member is written and read under.</param>
    public TaskMemberAttribute(string name) => Name = name;

    /// <summary>The member's wire key.</summary>
    public string Name { get; }
}
