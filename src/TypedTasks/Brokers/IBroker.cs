namespace TypedTasks.Brokers;

/// <summary>
/// Where jobs live between enqueue and completion. A broker stores each job's encoded <see cref="JobEnvelope"/> as
/// opaque bytes and knows nothing of CLR task types; the worker and the client own encoding, retries and backoff.
/// </summary>
/// <remarks>
/// <para>Delivery is at-least-once. A fetch moves a job to the active set under a lease and a fresh fencing token in
/// one atomic step, so a job is never in no set at all; a job whose lease runs out (its worker died) goes back to
/// pending through <see cref="RecoverExpiredAsync"/>. Every completion (<see cref="AckAndFetchAsync"/>,
/// <see cref="FailAsync"/>, <see cref="RequeueAsync"/>) and <see cref="ExtendLeasesAsync"/> checks the token, so a
/// worker that lost its lease cannot complete a job another worker now holds. Handlers should be idempotent.</para>
/// <para>Times given as durations (lease, retry delay, result retention) are measured on the broker's own clock, so
/// clients and workers with skewed clocks agree on them.</para>
/// </remarks>
public interface IBroker
{
    /// <summary>Stores a job: pending when it is due now, scheduled otherwise.</summary>
    /// <returns>The job's id; for a unique job whose lock is held, the id of the job holding it.</returns>
    /// <exception cref="ArgumentException">The request names an invalid queue.</exception>
    ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stores many jobs, pipelined; each one behaves as <see cref="EnqueueAsync"/>.</summary>
    /// <returns>One result per request, in the same order.</returns>
    ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <see cref="FetchRequest.Count"/> due jobs from the request's queues, in queue order, oldest first
    /// within a queue. Due scheduled and retry jobs are promoted first; paused queues are skipped.
    /// </summary>
    ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes the jobs of <paramref name="acks"/> as succeeded, then fetches as <see cref="FetchAsync"/> does when
    /// <paramref name="next"/> is given — one round trip for both on a networked broker.
    /// </summary>
    /// <returns>The acks that were refused (the lease was lost) and the newly leased jobs.</returns>
    ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default);

    /// <summary>Ends a failed, cancelled or timed-out attempt: schedules the retry, or moves the job to the dead set or to cancelled.</summary>
    /// <returns><see langword="false"/> when the lease was lost (stale token): nothing changed.</returns>
    ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Renews the leases of running jobs to now + <paramref name="leaseDuration"/>.</summary>
    /// <returns>The leases that were lost (the worker should cancel those jobs) and the jobs whose cancellation was requested.</returns>
    ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts jobs whose lease expired back at the front of pending, counting a stall; a job that reaches
    /// <see cref="BrokerOptions.MaxStalls"/> goes to the dead set instead (a job that crashes its worker every time must
    /// not crash every worker). Safe to call from any number of nodes; a networked broker runs it at most once per
    /// interval across nodes.
    /// </summary>
    /// <returns>How many jobs were recovered or killed.</returns>
    ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a leased job back untouched (graceful shutdown): it goes to the front of pending and the attempt does not count.
    /// </summary>
    /// <returns><see langword="false"/> when the lease was lost.</returns>
    ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until a job may be available in one of <paramref name="queues"/> (an enqueue, a requeue, a resume, an
    /// earlier scheduled job) or until <paramref name="timeout"/> passes. Idle workers call it after a fetch of the same
    /// queues found nothing: work that arrives after that fetch is sure to end the wait (a networked broker learns at
    /// that fetch that the caller waits), even work that arrived before the wait began.
    /// </summary>
    /// <returns><see langword="true"/> when woken by new work, <see langword="false"/> on timeout.</returns>
    ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Records the progress (0–100) of a running job.</summary>
    /// <returns><see langword="false"/> when the lease was lost.</returns>
    ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a job: a waiting job (scheduled, pending, retry) is cancelled at once; a running job is flagged, and its
    /// worker learns of it from <see cref="ExtendLeasesAsync"/>, cancels it and reports it through <see cref="FailAsync"/>.
    /// </summary>
    ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Looks a job up; <see langword="null"/> when it is unknown, deleted, or succeeded without kept results.</summary>
    ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Deletes a job in any state, with its result and unique lock.</summary>
    /// <returns><see langword="false"/> when no such job exists.</returns>
    ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Counts the jobs of a queue by state, with its success and failure counters.</summary>
    ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>The queues that received a job, less those idle past <see cref="BrokerOptions.ForgetIdleQueuesAfter"/>.</summary>
    ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops every worker from fetching from <paramref name="queue"/>; enqueueing still works.</summary>
    ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Lets workers fetch from <paramref name="queue"/> again and wakes idle ones.</summary>
    ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Lists dead jobs of <paramref name="queue"/>, most recent death first.</summary>
    ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count,
        CancellationToken cancellationToken = default);

    /// <summary>Moves a dead (or cancelled) job back to pending with its attempts reset.</summary>
    /// <returns><see langword="false"/> when the job is not dead or cancelled.</returns>
    ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Checks that the broker is reachable (health checks).</summary>
    /// <exception cref="Exception">The broker cannot be reached; the exception says why.</exception>
    ValueTask PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that <paramref name="member"/> of group <paramref name="groupId"/> is done (succeeded or failed for
    /// good), idempotently, and says whether all <paramref name="size"/> members now are. One atomic step, so exactly
    /// one of the last members to finish sees <see langword="true"/> first; a member that runs again sees it too,
    /// which is why the completion job has a fixed id.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="member">The member job that finished.</param>
    /// <param name="size">How many members the group has.</param>
    /// <param name="ttl">How long the group's record lives after its last change.</param>
    /// <param name="cancellationToken">Cancels the wait (the member may still be recorded).</param>
    ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default);
}
