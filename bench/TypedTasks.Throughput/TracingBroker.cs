using System.Diagnostics;
using TypedTasks.Brokers;

namespace TypedTasks.Throughput;

/// <summary>
/// Wraps the broker in a drain run with <c>--trace-broker</c> and counts what the worker's fetch and ack loops ask of
/// it: calls of each kind, acks and jobs per call, and how much of the wall time a call was in flight. These show how
/// well the worker overlaps its own work with Redis's, which the CPU figures alone cannot.
/// </summary>
internal sealed class TracingBroker(IBroker inner) : IBroker
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

    public async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var result = await inner.FetchAsync(request, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _inFlightTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _fetchCalls);
        Interlocked.Add(ref _jobs, result.Jobs.Count);
        return result;
    }

    public async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var result = await inner.AckAndFetchAsync(acks, next, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _inFlightTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref next is null ? ref _ackOnlyCalls : ref _fetchCalls);
        Interlocked.Add(ref _acks, acks.Count);
        Interlocked.Add(ref _jobs, result.Next.Jobs.Count);
        return result;
    }

    public ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _waits);
        return inner.WaitForWorkAsync(queues, timeout, cancellationToken);
    }

    public ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default) =>
        inner.EnqueueAsync(request, cancellationToken);

    public ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken = default) =>
        inner.EnqueueManyAsync(requests, cancellationToken);

    public ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default) => inner.FailAsync(failure, cancellationToken);

    public ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        inner.ExtendLeasesAsync(leases, leaseDuration, cancellationToken);

    public ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) =>
        inner.RecoverExpiredAsync(queues, cancellationToken);

    public ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default) => inner.RequeueAsync(lease, cancellationToken);

    public ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default) =>
        inner.SetProgressAsync(lease, percent, cancellationToken);

    public ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default) => inner.RequestCancelAsync(id, cancellationToken);

    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetJobAsync(id, cancellationToken);

    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.DeleteJobAsync(id, cancellationToken);

    public ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => inner.GetQueueStatsAsync(queue, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default) => inner.GetQueuesAsync(cancellationToken);

    public ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default) => inner.PauseAsync(queue, cancellationToken);

    public ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default) => inner.ResumeAsync(queue, cancellationToken);

    public ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count, CancellationToken cancellationToken = default) =>
        inner.GetDeadJobsAsync(queue, offset, count, cancellationToken);

    public ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default) => inner.RetryDeadAsync(id, cancellationToken);

    public ValueTask PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        inner.MarkGroupMemberDoneAsync(groupId, member, size, ttl, cancellationToken);
}
