using System.Diagnostics;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;

namespace TypedTasks.Throughput;

/// <summary>
/// Wraps the broker in a drain run with <c>--trace-broker</c> and counts what the worker's fetch and ack loops ask of
/// it: calls of each kind, acks and jobs per call, and how much of the wall time a call was in flight. These show how
/// well the worker overlaps its own work with Redis's, which the CPU figures alone cannot.
/// </summary>
internal sealed class TracingBroker(IBroker inner) : DelegatingBroker(inner)
{
    private long _fetchCalls, _ackOnlyCalls, _acks, _jobs, _inFlightTicks, _waits;

    /// <summary>The counters since the last call, as RESULT fields, then reset.</summary>
    public Dictionary<string, double> Take()
    {
        double fetches = Interlocked.Exchange(ref _fetchCalls, 0), ackOnly = Interlocked.Exchange(ref _ackOnlyCalls, 0);
        double acks = Interlocked.Exchange(ref _acks, 0), jobs = Interlocked.Exchange(ref _jobs, 0);
        return new()
        {
            ["fetch_calls"] = fetches,
            ["ack_only_calls"] = ackOnly,
            ["acks_per_call"] = acks / Math.Max(1, fetches + ackOnly),
            ["jobs_per_fetch"] = jobs / Math.Max(1, fetches),
            ["in_flight_s"] = Interlocked.Exchange(ref _inFlightTicks, 0) / (double)Stopwatch.Frequency,
            ["waits"] = Interlocked.Exchange(ref _waits, 0),
        };
    }

    public override async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var result = await Inner.FetchAsync(request, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _inFlightTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _fetchCalls);
        Interlocked.Add(ref _jobs, result.Jobs.Count);
        return result;
    }

    public override async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var result = await Inner.AckAndFetchAsync(acks, next, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _inFlightTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref next is null ? ref _ackOnlyCalls : ref _fetchCalls);
        Interlocked.Add(ref _acks, acks.Count);
        Interlocked.Add(ref _jobs, result.Next.Jobs.Count);
        return result;
    }

    public override ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _waits);
        return Inner.WaitForWorkAsync(queues, timeout, cancellationToken);
    }
}
