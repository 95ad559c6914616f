using System.Threading.Channels;

namespace TypedTasks.Hosting;

/// <summary>A queue this worker serves: its fetched jobs waiting for one of its <see cref="QueueOptions.Concurrency"/> runners.</summary>
internal sealed class QueueState(QueueOptions options)
{
    private int _held;

    public QueueOptions Options { get; } = options;

    public string Name => Options.Name;

    public Channel<RunningJob> Backlog { get; } = Channel.CreateUnbounded<RunningJob>(new UnboundedChannelOptions { SingleWriter = true });

    /// <summary>Slots not taken by jobs that are running or waiting to run.</summary>
    public int Free => Options.Concurrency - Volatile.Read(ref _held);

    public void Take() => Interlocked.Increment(ref _held);

    public void Release() => Interlocked.Decrement(ref _held);
}
