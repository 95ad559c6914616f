using System.Diagnostics;
using TypedTasks;

namespace TypedTasks.BrokerBench;

/// <summary>Counts started jobs of either system and records lateness; signals when the expected count is reached.</summary>
public sealed class Probe(int expected, int warmup)
{
    private readonly double[] _lateness = new double[expected];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>The probe Hangfire's static job method reports to.</summary>
    public static Probe? Current { get; set; }

    public Task Done => _done.Task;

    public Task Warm => _warm.Task;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Records a start; a non-zero <paramref name="dueTicks"/> is the job's due time (UTC ticks), for lateness.</summary>
    public void Record(long dueTicks)
    {
        int index = Interlocked.Increment(ref _count) - 1;
        if (index < _lateness.Length)
            _lateness[index] = dueTicks == 0 ? 0 : TimeSpan.FromTicks(DateTime.UtcNow.Ticks - dueTicks).TotalMilliseconds;
        if (index + 1 == warmup)
            _warm.TrySetResult();
        if (index + 1 == expected)
            _done.TrySetResult();
    }

    /// <summary>The p-th percentile of the lateness of the jobs after the warm-up.</summary>
    public double Percentile(double p)
    {
        var measured = _lateness.Skip(warmup).Order().ToArray();
        return measured.Length == 0 ? 0 : measured[Math.Min(measured.Length - 1, (int)Math.Ceiling(p / 100 * measured.Length) - 1)];
    }

    public static long Now => Stopwatch.GetTimestamp();
}

/// <summary>The TypedTasks no-op job; <paramref name="DueTicks"/> is its due time for scheduled runs, else 0.</summary>
[Backtask(Name = "bench.pg.noop")]
public partial record Noop(long DueTicks) : IBacktask
{
    public Task RunAsync(Probe probe)
    {
        probe.Record(DueTicks);
        return Task.CompletedTask;
    }
}

/// <summary>The Hangfire no-op job.</summary>
public static class HangfireJobs
{
    public static void Noop(long dueTicks) => Probe.Current!.Record(dueTicks);
}
