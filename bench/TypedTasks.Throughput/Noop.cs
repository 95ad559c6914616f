using TypedTasks;

namespace TypedTasks.Throughput;

/// <summary>
/// The benchmark's no-op job. <paramref name="Stamp"/> carries what the probe needs to time it: a Stopwatch timestamp
/// taken just before enqueue (latency runs) or the due time in UTC ticks (scheduled runs); 0 otherwise.
/// </summary>
[Backtask(Name = "bench.noop")]
public partial record Noop(long Stamp) : IBacktask
{
    public Task RunAsync(Probe probe)
    {
        probe.Record(Stamp);
        return Task.CompletedTask;
    }
}
