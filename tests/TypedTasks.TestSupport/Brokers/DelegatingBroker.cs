using TypedTasks.Brokers;

namespace TypedTasks.TestSupport.Brokers;

/// <summary>
/// A broker that hands every call to <paramref name="inner"/>: the base of the test and bench brokers that watch a few
/// calls (override those) and pass the rest through unchanged.
/// </summary>
/// <remarks>Also compiled into bench/TypedTasks.Throughput as a linked source file.</remarks>
public abstract class DelegatingBroker(IBroker inner) : IBroker
{
    /// <summary>The broker that does the work.</summary>
    protected IBroker Inner { get; } = inner;

    public virtual ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default) =>
        Inner.EnqueueAsync(request, cancellationToken);

    public virtual ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken = default) =>
        Inner.EnqueueManyAsync(requests, cancellationToken);

    public virtual ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        Inner.FetchAsync(request, cancellationToken);

    public virtual ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next, CancellationToken cancellationToken = default) =>
        Inner.AckAndFetchAsync(acks, next, cancellationToken);

    public virtual ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default) => Inner.FailAsync(failure, cancellationToken);

    public virtual ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        Inner.ExtendLeasesAsync(leases, leaseDuration, cancellationToken);

    public virtual ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) =>
        Inner.RecoverExpiredAsync(queues, cancellationToken);

    public virtual ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default) => Inner.RequeueAsync(lease, cancellationToken);

    public virtual ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Inner.WaitForWorkAsync(queues, timeout, cancellationToken);

    public virtual ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default) =>
        Inner.SetProgressAsync(lease, percent, cancellationToken);

    public virtual ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default) => Inner.RequestCancelAsync(id, cancellationToken);

    public virtual ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => Inner.GetJobAsync(id, cancellationToken);

    public virtual ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => Inner.DeleteJobAsync(id, cancellationToken);

    public virtual ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => Inner.GetQueueStatsAsync(queue, cancellationToken);

    public virtual ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default) => Inner.GetQueuesAsync(cancellationToken);

    public virtual ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default) => Inner.PauseAsync(queue, cancellationToken);

    public virtual ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default) => Inner.ResumeAsync(queue, cancellationToken);

    public virtual ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count, CancellationToken cancellationToken = default) =>
        Inner.GetDeadJobsAsync(queue, offset, count, cancellationToken);

    public virtual ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default) => Inner.RetryDeadAsync(id, cancellationToken);

    public virtual ValueTask PingAsync(CancellationToken cancellationToken = default) => Inner.PingAsync(cancellationToken);

    public virtual ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Inner.MarkGroupMemberDoneAsync(groupId, member, size, ttl, cancellationToken);
}
