using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// Poison isolation: a job whose lease expired while it ran (<see cref="LeasedJob.Stalls"/> &gt; 0) may be what crashed
/// its worker, and every job that process held stalled with it. Such a job runs alone: the worker puts back every other
/// job it holds but has not started, lets the running ones finish, leases nothing else until the suspect is done, and
/// then fetches one job at a time while suspects keep coming. If the suspect crashes the process again, it is the
/// only job that stalls, so it reaches the broker's stall limit and goes dead while the jobs that were merely beside it
/// run normally.
/// </summary>
internal sealed partial class TaskWorker
{
    /// <summary>Set after a suspect ran: the next fetch leases a single job, so other suspects are not leased and put back in bulk.</summary>
    private bool _fetchOne;

    private async Task RunAloneAsync(LeasedJob suspect, IReadOnlyList<LeasedJob> fetched, CancellationToken stoppingToken)
    {
        WorkerLog.RunningAlone(_logger, suspect.Id, suspect.Stalls);
        foreach (var other in fetched)
        {
            if (!ReferenceEquals(other, suspect))
                await PutBackAsync(other.Lease).ConfigureAwait(false);
        }
        await PutBackWaitingAsync(stopping: false).ConfigureAwait(false);
        // Held (so the heartbeat renews its lease) while the running jobs finish, which may take longer than a lease.
        using (var waiting = new RunningJob(suspect))
        {
            _held[suspect.Id] = waiting;
            try
            {
                await WaitUntilHeldAtMostAsync(1, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await PutBackAsync(suspect.Lease).ConfigureAwait(false);
                throw;
            }
            finally
            {
                _held.TryRemove(suspect.Id, out _);
            }
        }
        Dispatch(suspect);
        // A stop while the suspect runs ends this wait; the worker's stop then handles the suspect like any running job.
        await WaitUntilHeldAtMostAsync(0, stoppingToken).ConfigureAwait(false);
        _fetchOne = true;
    }

    private async Task WaitUntilHeldAtMostAsync(int count, CancellationToken cancellationToken)
    {
        // Runners release _capacity as jobs end (with the backlogs emptied, a queue wants jobs whenever a slot is free);
        // the timeout covers a release that raced with this check.
        while (_held.Count > count)
            await _capacity.WaitAsync(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns a leased job to the front of its queue; if that fails (<see langword="false"/>), its lease expires and it
    /// comes back anyway.
    /// </summary>
    private async Task<bool> PutBackAsync(JobLease lease)
    {
        try
        {
            await _broker.RequeueAsync(lease, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            WorkerLog.OutcomeNotRecorded(_logger, e, lease.Id);
            return false;
        }
    }
}
