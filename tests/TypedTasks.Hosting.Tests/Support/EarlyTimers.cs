namespace TypedTasks.Hosting.Tests;

/// <summary>
/// The system clock with timers that fire <paramref name="early"/> before they are due, as a timer on a monotonic
/// clock can against the wall clock: code that trusts a timer to mean "the time has come" shows it here.
/// </summary>
public sealed class EarlyTimers(TimeSpan early) : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new EarlyTimer(System.CreateTimer(callback, state, Early(dueTime), period), this);

    private TimeSpan Early(TimeSpan due) => due == Timeout.InfiniteTimeSpan ? due : due > early ? due - early : TimeSpan.Zero;

    private sealed class EarlyTimer(ITimer inner, EarlyTimers owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Early(dueTime), period);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
