using TypedTasks.Brokers;

namespace TypedTasks.Hosting.Tests;

/// <summary>A broker that records, for each fetch, the queues the worker asked for (in its order) and the queues of the jobs it got.</summary>
public sealed class FetchRecorder(IBroker inner) : IBroker, IAsyncDisposable
{
    private readonly List<(string[] Asked, string[] Got)> _fetches = [];

    public IReadOnlyList<(string[] Asked, string[] Got)> Fetches
    {
        get
        {
            lock (_fetches)
                return _fetches.ToArray();
        }
    }

    private FetchResult Record(FetchRequest request, FetchResult result)
    {
        lock (_fetches)
            _fetches.Add((request.Queues.ToArray(), result.Jobs.Select(j => j.Queue).ToArray()));
        return result;
    }

    public async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        Record(request, await inner.FetchAsync(request, cancellationToken));

    public async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next, CancellationToken cancellationToken = default)
    {
        var result = await inner.AckAndFetchAsync(acks, next, cancellationToken);
        if (next is not null)
            Record(next, result.Next);
        return result;
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

    public ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        inner.WaitForWorkAsync(queues, timeout, cancellationToken);

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

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
}
