using System.Diagnostics;

namespace TypedTasks.Hosting;

/// <summary>
/// The worker's wait for the next scheduled job's due time, to the millisecond.
/// </summary>
/// <remarks>
/// .NET's timers (<see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> on <see cref="TimeProvider.System"/>)
/// count time with <see cref="Environment.TickCount64"/>, which Linux reads from <c>CLOCK_MONOTONIC_COARSE</c>: it moves
/// once per kernel tick (4 ms at HZ=250), so such a timer fires up to a tick off, and a delay is cut to whole
/// milliseconds. Scheduled jobs due one per millisecond then started 3.4 ms late at the median (bench/run.sh, scheduled
/// phase). A wait shorter than <see cref="PreciseWindow"/> is kept instead by one thread per process, which sleeps on
/// <see cref="Monitor.Wait(object, int)"/> (a condition variable on the monotonic clock) until the earliest deadline,
/// rounded up to a whole millisecond as brokers keep due times in whole milliseconds. It never blocks a pool thread.
/// A longer wait uses the timer but ends half the window early: the worker's fetch then finds nothing due yet and comes
/// back here for the rest. Any other <see cref="TimeProvider"/> (a test's fake clock) is used as it is.
/// </remarks>
internal static class DueTimer
{
    /// <summary>Waits this short or shorter are kept by the precise thread; longer ones use the coarse timer first.</summary>
    public static readonly TimeSpan PreciseWindow = TimeSpan.FromMilliseconds(20);

    private static readonly object s_lock = new();
    private static readonly PriorityQueue<TaskCompletionSource, long> s_waits = new();
    private static Thread? s_thread;

    /// <summary>A task that completes when <paramref name="untilDue"/> has passed, or half <see cref="PreciseWindow"/> before, for a long wait on the system clock.</summary>
    public static Task DelayAsync(TimeSpan untilDue, TimeProvider time)
    {
        if (time != TimeProvider.System)
            return Task.Delay(untilDue, time, CancellationToken.None);
        if (untilDue > PreciseWindow)
            return Task.Delay(untilDue - PreciseWindow / 2, time, CancellationToken.None);
        long wholeMilliseconds = (long)Math.Ceiling(untilDue.TotalMilliseconds);
        long due = Stopwatch.GetTimestamp() + wholeMilliseconds * Stopwatch.Frequency / 1000;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (s_lock)
        {
            s_waits.Enqueue(done, due);
            s_thread ??= Start();
            Monitor.Pulse(s_lock);
        }
        return done.Task;
    }

    private static Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "TypedTasks due timer" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        lock (s_lock)
        {
            while (true)
            {
                if (!s_waits.TryPeek(out var first, out long due))
                {
                    Monitor.Wait(s_lock);
                    continue;
                }
                long remaining = due - Stopwatch.GetTimestamp();
                if (remaining > 0)
                {
                    Monitor.Wait(s_lock, (int)Math.Max(1, (remaining * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency));
                    continue;
                }
                s_waits.Dequeue();
                first.TrySetResult();
            }
        }
    }
}
