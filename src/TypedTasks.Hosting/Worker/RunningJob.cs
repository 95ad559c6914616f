using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>Why a running job's token fired, apart from its own timeout.</summary>
internal enum StopReason
{
    None,
    Shutdown,
    LeaseLost,
    Cancelled,
}

/// <summary>A job this worker holds: fetched, waiting for a slot or running.</summary>
internal sealed class RunningJob(LeasedJob job) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private int _reason;

    public LeasedJob Job { get; } = job;

    public JobLease Lease => Job.Lease;

    public CancellationToken Token => _cts.Token;

    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>When a runner started the job; <see langword="null"/> while it waits for one.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Fires the job's token; the first reason given is the one kept.</summary>
    public void Stop(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) != (int)StopReason.None)
            return;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job ended while it was being stopped.
        }
    }

    public void Dispose() => _cts.Dispose();
}
