using System.Threading.Channels;

namespace TypedTasks.Hosting;

/// <summary>A queue this worker serves: its fetched jobs waiting for one of its <see cref="QueueOptions.Concurrency"/> runners.</summary>
/// <param name="options">The queue.</param>
/// <param name="prefetch">How many leased jobs may wait for a runner, beyond the running ones.</param>
internal sealed class QueueState(QueueOptions options, int prefetch)
{
    private int _held;

    public QueueOptions Options { get; } = options;

    public string Name => Options.Name;

    public Channel<RunningJob> Backlog { get; } = Channel.CreateUnbounded<RunningJob>(new UnboundedChannelOptions { SingleWriter = true });

    /// <summary>Slots (runners plus prefetch) not taken by jobs that are running or waiting to run.</summary>
    public int Free => Options.Concurrency + prefetch - Volatile.Read(ref _held);

    private long _coolUntil;

    /// <summary>Whether the queue is being left alone after handing out a job this worker does not run.</summary>
    public bool IsCooling => Environment.TickCount64 < Volatile.Read(ref _coolUntil);

    /// <summary>Milliseconds until the cool-down ends (0 when not cooling).</summary>
    public long CoolingFor => Math.Max(0, Volatile.Read(ref _coolUntil) - Environment.TickCount64);

    public void CoolDown(TimeSpan duration) => Volatile.Write(ref _coolUntil, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    public void Take() => Interlocked.Increment(ref _held);

    public void Release() => Interlocked.Decrement(ref _held);
}
