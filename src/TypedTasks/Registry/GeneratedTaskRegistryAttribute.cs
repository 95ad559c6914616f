using System.ComponentModel;

namespace TypedTasks;

/// <summary>
/// Emitted by the generator on every assembly that declares tasks; names the class whose static
/// <c>Register(TaskRegistryBuilder)</c> adds them. The generator of a referencing project reads it at compile time.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedTaskRegistryAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public GeneratedTaskRegistryAttribute(Type registryType) => RegistryType = registryType;

    /// <summary>The generated registry class.</summary>
    public Type RegistryType { get; }
}
