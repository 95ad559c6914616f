using System.Collections.Frozen;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace TypedTasks;

/// <summary>The tasks a worker can run, looked up by wire name.</summary>
public sealed class TaskRegistry
{
    private static readonly object s_gate = new();
    private static readonly List<Action<TaskRegistryBuilder>> s_generated = [];
    private static TaskRegistry? s_default;

    private readonly FrozenDictionary<string, TaskDescriptor> _tasks;

    internal TaskRegistry(Dictionary<string, TaskDescriptor> tasks) =>
        _tasks = tasks.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The registered tasks.</summary>
    public IEnumerable<TaskDescriptor> Tasks => _tasks.Values;

    /// <summary>Finds the task with wire name <paramref name="name"/>.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out TaskDescriptor descriptor) =>
        _tasks.TryGetValue(name, out descriptor);

    /// <summary>Finds the task with wire name <paramref name="name"/>.</summary>
    /// <exception cref="UnknownTaskException">No task has that name.</exception>
    public TaskDescriptor Get(string name) =>
        _tasks.TryGetValue(name, out var descriptor) ? descriptor : throw new UnknownTaskException(name);

    /// <summary>
    /// Every task the generator found in the application: the entry assembly's generated module initializer registers
    /// its own tasks and those of every referenced assembly that TypedTasks generated code for.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two task types share a wire name.</exception>
    public static TaskRegistry Default
    {
        get
        {
            lock (s_gate)
            {
                if (s_default is null)
                {
                    var builder = new TaskRegistryBuilder();
                    foreach (var register in s_generated)
                        register(builder);
                    s_default = builder.Build();
                }
                return s_default;
            }
        }
    }

    /// <summary>Called by generated code: adds an assembly's tasks to <see cref="Default"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void AddGeneratedRegistration(Action<TaskRegistryBuilder> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        lock (s_gate)
        {
            if (s_generated.Contains(register))
                return;
            s_generated.Add(register);
            s_default = null;
        }
    }
}
