using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace TypedTasks.Hosting.Tests.Worker;

public class DueTimerTests
{
    [Fact]
    public async Task A_short_wait_on_the_system_clock_never_ends_before_its_due_time()
    {
        // Brokers keep due times in whole milliseconds and start a job only once it is due: a wait that ended early
        // would cost an empty fetch and another wait.
        foreach (double ms in new[] { 0.3, 1.0, 2.6, 7.2 })
        {
            var untilDue = TimeSpan.FromMilliseconds(ms);
            long started = Stopwatch.GetTimestamp();
            await DueTimer.DelayAsync(untilDue, TimeProvider.System);
            Assert.True(Stopwatch.GetElapsedTime(started) >= untilDue, $"a wait of {ms} ms ended after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.###} ms");
        }
    }

    [Fact]
    public async Task A_long_wait_on_the_system_clock_ends_within_the_precise_window_before_its_due_time()
    {
        var untilDue = TimeSpan.FromMilliseconds(60);
        long started = Stopwatch.GetTimestamp();
        await DueTimer.DelayAsync(untilDue, TimeProvider.System);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.True(elapsed >= untilDue - DueTimer.PreciseWindow, $"a wait of 60 ms ended after {elapsed.TotalMilliseconds:0.###} ms");
    }

    [Fact]
    public async Task A_wait_follows_the_time_provider_it_is_given()
    {
        var time = new FakeTimeProvider();
        var wait = DueTimer.DelayAsync(TimeSpan.FromMilliseconds(5), time);
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
