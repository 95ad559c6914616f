using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>What can be done to one job in each state, and doing it.</summary>
internal static class JobActions
{
    /// <summary>The actions (path under <c>job/</c>, label) a job in <paramref name="state"/> offers.</summary>
    public static IEnumerable<(string Action, string Label)> For(JobState state)
    {
        switch (state)
        {
            case JobState.Dead or JobState.Cancelled:
                yield return ("retry", "Retry");
                break;
            case JobState.Scheduled or JobState.Retry:
                yield return ("retry", "Run now");
                break;
        }
        if (state is JobState.Pending or JobState.Scheduled or JobState.Retry or JobState.Active)
            yield return ("cancel", "Cancel");
        if (state != JobState.Active)
            yield return ("delete", "Delete");
    }

    /// <summary>Retries a dead or cancelled job, or runs a scheduled or retrying one now.</summary>
    public static async Task<string> RetryAsync(DashboardRequest r, JobId id)
    {
        var job = await r.Broker.GetJobAsync(id, r.Aborted).ConfigureAwait(false);
        return job?.State switch
        {
            null => $"Job {id} no longer exists.",
            JobState.Dead or JobState.Cancelled => await r.Broker.RetryDeadAsync(id, r.Aborted).ConfigureAwait(false)
                ? $"Job {id} is pending again." : $"Job {id} could not be retried: it changed state.",
            JobState.Scheduled or JobState.Retry when r.Admin is not null => await r.Admin.RunNowAsync(id, r.Aborted).ConfigureAwait(false)
                ? $"Job {id} is pending now." : $"Job {id} could not be run now: it changed state.",
            var state => $"Job {id} is {state}: there is nothing to retry.",
        };
    }

    public static async Task<string> DeleteAsync(DashboardRequest r, JobId id) =>
        await r.Broker.DeleteJobAsync(id, r.Aborted).ConfigureAwait(false) ? $"Job {id} deleted." : $"Job {id} no longer exists.";

    public static async Task<string> CancelAsync(DashboardRequest r, JobId id) =>
        await r.Broker.RequestCancelAsync(id, r.Aborted).ConfigureAwait(false) switch
        {
            CancelOutcome.Cancelled => $"Job {id} cancelled.",
            CancelOutcome.Requested => $"Job {id} is running: its worker cancels it at its next heartbeat.",
            CancelOutcome.AlreadyEnded => $"Job {id} had already ended.",
            _ => $"Job {id} no longer exists.",
        };
}
