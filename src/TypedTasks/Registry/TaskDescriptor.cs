using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks;

/// <summary>
/// Everything the worker needs to run jobs of one task, found by wire name: the generated reader and runner, bound
/// through the task's static interface members (no reflection).
/// </summary>
public sealed class TaskDescriptor
{
    private readonly Func<ReadOnlyMemory<byte>, TaskContext, CancellationToken, ValueTask<byte[]?>> _execute;

    private TaskDescriptor(string name, string typeName, TaskOptions options,
        Func<ReadOnlyMemory<byte>, TaskContext, CancellationToken, ValueTask<byte[]?>> execute)
    {
        Name = name;
        TypeName = typeName;
        Options = options;
        _execute = execute;
    }

    /// <summary>The task's wire name.</summary>
    public string Name { get; }

    /// <summary>The full name of the CLR type, for messages.</summary>
    public string TypeName { get; }

    /// <summary>The options the task type declares.</summary>
    public TaskOptions Options { get; }

    /// <summary>Describes the generated task <typeparamref name="TTask"/>.</summary>
    public static TaskDescriptor For<TTask>() where TTask : IGeneratedTask<TTask> =>
        new(TTask.Name, typeof(TTask).FullName ?? typeof(TTask).Name, TTask.Options, ExecuteAsync<TTask>);

    /// <summary>Decodes <paramref name="args"/> as the task and runs it; returns its encoded result, if any.</summary>
    /// <exception cref="TaskPayloadException">The payload cannot be read as this task.</exception>
    public ValueTask<byte[]?> ExecuteAsync(ReadOnlyMemory<byte> args, TaskContext context, CancellationToken cancellationToken) =>
        _execute(args, context, cancellationToken);

    /// <summary>Decodes <paramref name="args"/> as the task without running it.</summary>
    /// <exception cref="TaskPayloadException">The payload cannot be read as this task.</exception>
    public static TTask Decode<TTask>(ReadOnlyMemory<byte> args) where TTask : IGeneratedTask<TTask>
    {
        TTask task;
        long left;
        try
        {
            var reader = new MessagePackReader(args);
            task = TTask.Read(ref reader);
            left = args.Length - reader.Consumed;
        }
        // The generated reader names the member whose value is bad; what fails outside any member (the map itself) is
        // translated here, so a payload never ends in another exception than TaskPayloadException.
        catch (Exception e) when (MessagePackReaderChecks.IsMalformedInput(e))
        {
            throw new TaskPayloadException($"{TTask.Name}: the payload is not valid MessagePack: {e.Message}", e);
        }
        if (left > 0)
            throw new TaskPayloadException($"{TTask.Name}: the payload has {left} bytes after the task's map.");
        return task;
    }

    private static ValueTask<byte[]?> ExecuteAsync<TTask>(ReadOnlyMemory<byte> args, TaskContext context, CancellationToken cancellationToken)
        where TTask : IGeneratedTask<TTask> =>
        TTask.RunAsync(Decode<TTask>(args), context, cancellationToken);
}
