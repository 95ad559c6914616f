namespace TypedTasks;

/// <summary>Collects task descriptors; generated registries call <see cref="Add{TTask}"/> once per task.</summary>
public sealed class TaskRegistryBuilder
{
    private readonly Dictionary<string, TaskDescriptor> _tasks = new(StringComparer.Ordinal);

    /// <summary>Adds the generated task <typeparamref name="TTask"/>.</summary>
    /// <exception cref="InvalidOperationException">Another type already uses the same wire name.</exception>
    public TaskRegistryBuilder Add<TTask>() where TTask : IGeneratedTask<TTask> => Add(TaskDescriptor.For<TTask>());

    /// <summary>Adds a descriptor.</summary>
    /// <exception cref="InvalidOperationException">Another type already uses the same wire name.</exception>
    public TaskRegistryBuilder Add(TaskDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (_tasks.TryGetValue(descriptor.Name, out var existing))
        {
            if (existing.TypeName == descriptor.TypeName)
                return this;
            throw new InvalidOperationException(
                $"Task name '{descriptor.Name}' is used by both '{existing.TypeName}' and '{descriptor.TypeName}'. " +
                "Give one of them a distinct name with [Backtask(Name = \"...\")].");
        }
        _tasks.Add(descriptor.Name, descriptor);
        return this;
    }

    /// <summary>Freezes what was added into a registry.</summary>
    public TaskRegistry Build() => new(_tasks);
}
