namespace TypedTasks.Hosting;

/// <summary>
/// The worker's wait for the next scheduled job's due time, to the millisecond.
/// </summary>
/// <remarks>
/// .NET's timers (<see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> on <see cref="TimeProvider.System"/>)
/// count time with <see cref="Environment.TickCount64"/>, which Linux reads from <c>CLOCK_MONOTONIC_COARSE</c>: it moves
/// once per kernel tick (4 ms at HZ=250), so such a timer fires up to a tick off. Scheduled jobs due one per
/// millisecond then started 3.4 ms late at the median (bench/run.sh, scheduled phase), about four per fetch. A wait
/// shorter than <see cref="PreciseWindow"/> sleeps instead (<see cref="Thread.Sleep(int)"/> is a <c>nanosleep</c>), on
/// a pool thread, rounded up to a whole millisecond as brokers keep due times in whole milliseconds. A longer wait uses
/// the timer but ends half the window early: the worker's fetch then finds nothing due yet and comes back here for the
/// rest. Any other <see cref="TimeProvider"/> (a test's fake clock) is used as it is.
/// </remarks>
internal static class DueTimer
{
    /// <summary>Waits this short or shorter sleep precisely; longer ones use the coarse timer first.</summary>
    public static readonly TimeSpan PreciseWindow = TimeSpan.FromMilliseconds(20);

    /// <summary>A task that completes when <paramref name="untilDue"/> has passed, or half <see cref="PreciseWindow"/> before, for a long wait on the system clock.</summary>
    public static Task DelayAsync(TimeSpan untilDue, TimeProvider time)
    {
        if (time != TimeProvider.System)
            return Task.Delay(untilDue, time, CancellationToken.None);
        if (untilDue > PreciseWindow)
            return Task.Delay(untilDue - PreciseWindow / 2, time, CancellationToken.None);
        int milliseconds = (int)Math.Ceiling(untilDue.TotalMilliseconds);
        return Task.Run(() => Thread.Sleep(milliseconds));
    }
}
