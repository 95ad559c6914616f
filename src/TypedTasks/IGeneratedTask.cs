using MessagePack;

namespace TypedTasks;

/// <summary>
/// What the source generator adds to every task type: its stable name, options, serializer and runner. All members
/// are static, so the worker and the client reach them through generic code with no reflection.
/// </summary>
/// <typeparam name="TSelf">The task type itself.</typeparam>
public interface IGeneratedTask<TSelf> : IBacktask
    where TSelf : IGeneratedTask<TSelf>
{
    /// <summary>The task's stable wire name.</summary>
    static abstract string Name { get; }

    /// <summary>The options the task type declares.</summary>
    static abstract TaskOptions Options { get; }

    /// <summary>
    /// Writes the task's members as a MessagePack map keyed by member name. The caller owns <paramref name="writer"/>
    /// and calls <see cref="MessagePackWriter.Flush"/> once done.
    /// </summary>
    static abstract void Write(ref MessagePackWriter writer, TSelf task);

    /// <summary>Reads a task written by <see cref="Write"/> (or by an older or newer version of it).</summary>
    /// <exception cref="TaskPayloadException">A required member is missing or has the wrong shape.</exception>
    static abstract TSelf Read(ref MessagePackReader reader);

    /// <summary>
    /// Runs the task's <c>RunAsync</c>, resolving its parameters from <paramref name="context"/>'s services, and
    /// returns its result encoded as MessagePack, or <see langword="null"/> when <c>RunAsync</c> returns no value.
    /// </summary>
    static abstract ValueTask<byte[]?> RunAsync(TSelf task, TaskContext context, CancellationToken cancellationToken);
}

/// <summary>A task whose <c>RunAsync</c> returns a value of type <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TSelf">The task type itself.</typeparam>
/// <typeparam name="TResult">The type of the task's result.</typeparam>
public interface IGeneratedTask<TSelf, TResult> : IGeneratedTask<TSelf>
    where TSelf : IGeneratedTask<TSelf, TResult>
{
    /// <summary>Reads a result that <see cref="IGeneratedTask{TSelf}.RunAsync"/> encoded.</summary>
    static abstract TResult ReadResult(ref MessagePackReader reader);
}
