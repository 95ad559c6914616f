using System.Diagnostics;

namespace TypedTasks.Throughput;

/// <summary>What a job's stamp means to the probe.</summary>
public enum StampKind
{
    /// <summary>Only count the job.</summary>
    None,

    /// <summary>The stamp is the Stopwatch timestamp of the enqueue: record enqueue→start.</summary>
    EnqueuedAt,

    /// <summary>The stamp is the job's due time in UTC ticks: record how late it started.</summary>
    DueAt,
}

/// <summary>Counts started jobs, records their delays in milliseconds, and signals when the expected count is reached.</summary>
public sealed class Probe
{
    private readonly double[] _delays;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Probe(int expected, StampKind kind, int warmup = 0)
    {
        Expected = expected;
        Warmup = warmup;
        Kind = kind;
        _delays = new double[kind == StampKind.None ? 0 : expected];
    }

    public int Expected { get; }

    /// <summary>How many of the expected jobs are warm-up: <see cref="Warm"/> completes when the last of them starts.</summary>
    public int Warmup { get; }

    public StampKind Kind { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes when <see cref="Expected"/> jobs have started.</summary>
    public Task Done => _done.Task;

    public Task Warm => _warm.Task;

    /// <summary>Completes when the next job starts (latency runs wait for each job before sending the next).</summary>
    public TaskCompletionSource? NextStarted { get; set; }

    public void Record(long stamp)
    {
        double delay = Kind switch
        {
            StampKind.EnqueuedAt => Stopwatch.GetElapsedTime(stamp).TotalMilliseconds,
            StampKind.DueAt => TimeSpan.FromTicks(DateTime.UtcNow.Ticks - stamp).TotalMilliseconds,
            _ => 0,
        };
        int index = Interlocked.Increment(ref _count) - 1;
        if (index < _delays.Length)
            _delays[index] = delay;
        NextStarted?.TrySetResult();
        if (index + 1 >= Warmup)
            _warm.TrySetResult();
        if (index + 1 == Expected)
            _done.TrySetResult();
    }

    /// <summary>The <paramref name="percentile"/>th percentile (nearest rank) of the delays recorded after the warm-up jobs.</summary>
    public double Percentile(double percentile)
    {
        int end = Math.Min(Count, _delays.Length);
        int n = end - Math.Min(Warmup, end);
        if (n == 0)
            return double.NaN;
        var sorted = _delays[(end - n)..end];
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(percentile / 100 * n);
        return sorted[Math.Clamp(rank - 1, 0, n - 1)];
    }
}
