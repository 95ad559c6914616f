using TypedTasks.Brokers;

namespace TypedTasks.Testing;

/// <summary>
/// The application's <see cref="IBroker"/> under the test kit: the in-memory broker on the test clock, telling the
/// harness of every job it stores (enqueued by the test, the app, a job, a chain, a group or a cron schedule).
/// Recording at the broker sees each job after the enqueue middleware, exactly as a worker would fetch it, and
/// never a duplicate the broker refused.
/// </summary>
internal sealed class RecordingBroker(InMemoryBroker store, Func<EnqueueRequest, ValueTask> stored) : IBroker
{
    public InMemoryBroker Store => store;

    public async ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default)
    {
        var result = await store.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.Duplicate)
            await stored(request).ConfigureAwait(false);
        return result;
    }

    public async ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken = default)
    {
        var results = await store.EnqueueManyAsync(requests, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < results.Count; i++)
        {
            if (!results[i].Duplicate)
                await stored(requests[i]).ConfigureAwait(false);
        }
        return results;
    }

    public ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        store.FetchAsync(request, cancellationToken);

    public ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next, CancellationToken cancellationToken = default) =>
        store.AckAndFetchAsync(acks, next, cancellationToken);

    public ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default) =>
        store.FailAsync(failure, cancellationToken);

    public ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        store.ExtendLeasesAsync(leases, leaseDuration, cancellationToken);

    public ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) =>
        store.RecoverExpiredAsync(queues, cancellationToken);

    public ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default) =>
        store.RequeueAsync(lease, cancellationToken);

    public ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        store.WaitForWorkAsync(queues, timeout, cancellationToken);

    public ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default) =>
        store.SetProgressAsync(lease, percent, cancellationToken);

    public ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default) =>
        store.RequestCancelAsync(id, cancellationToken);

    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) =>
        store.GetJobAsync(id, cancellationToken);

    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) =>
        store.DeleteJobAsync(id, cancellationToken);

    public ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) =>
        store.GetQueueStatsAsync(queue, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        store.GetQueuesAsync(cancellationToken);

    public ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default) =>
        store.PauseAsync(queue, cancellationToken);

    public ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default) =>
        store.ResumeAsync(queue, cancellationToken);

    public ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count, CancellationToken cancellationToken = default) =>
        store.GetDeadJobsAsync(queue, offset, count, cancellationToken);

    public ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default) =>
        store.RetryDeadAsync(id, cancellationToken);

    public ValueTask PingAsync(CancellationToken cancellationToken = default) => store.PingAsync(cancellationToken);

    public ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        store.MarkGroupMemberDoneAsync(groupId, member, size, ttl, cancellationToken);
}
