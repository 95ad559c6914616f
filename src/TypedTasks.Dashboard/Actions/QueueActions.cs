using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>The queue-wide actions: pause, resume, and retry or delete a selection or a whole set.</summary>
internal static class QueueActions
{
    public static async Task<string> PauseAsync(DashboardRequest r, string queue)
    {
        await r.Broker.PauseAsync(queue, r.Aborted).ConfigureAwait(false);
        return $"Queue {queue} paused: no worker fetches its jobs until it is resumed.";
    }

    public static async Task<string> ResumeAsync(DashboardRequest r, string queue)
    {
        await r.Broker.ResumeAsync(queue, r.Aborted).ConfigureAwait(false);
        return $"Queue {queue} resumed.";
    }

    /// <summary>Retries (dead) or runs now (scheduled, retry) the selected jobs, or all of the set.</summary>
    public static async Task<string> RetryAsync(DashboardRequest r, string queue, JobSet set, IReadOnlyList<JobId> ids, bool all)
    {
        var admin = BrokerAdmin.Require(r.Broker);
        BrokerAdmin.ValidateRetrySet(set);
        if (all)
            return $"{Format.Count(await admin.RetryAllAsync(queue, set, r.Aborted).ConfigureAwait(false))} {Format.Name(set)} jobs of {queue} are pending now.";
        int done = 0;
        foreach (var id in ids)
        {
            bool moved = set == JobSet.Dead
                ? await r.Broker.RetryDeadAsync(id, r.Aborted).ConfigureAwait(false)
                : await admin.RunNowAsync(id, r.Aborted).ConfigureAwait(false);
            done += moved ? 1 : 0;
        }
        return $"{done} of {ids.Count} selected jobs are pending now.";
    }

    /// <summary>Deletes the selected jobs, or all of the set.</summary>
    public static async Task<string> DeleteAsync(DashboardRequest r, string queue, JobSet set, IReadOnlyList<JobId> ids, bool all)
    {
        if (all)
        {
            var admin = BrokerAdmin.Require(r.Broker);
            return $"{Format.Count(await admin.DeleteAllAsync(queue, BrokerAdmin.ValidateDeleteSet(set), r.Aborted).ConfigureAwait(false))} {Format.Name(set)} jobs of {queue} deleted.";
        }
        int done = 0;
        foreach (var id in ids)
            done += await r.Broker.DeleteJobAsync(id, r.Aborted).ConfigureAwait(false) ? 1 : 0;
        return $"{done} of {ids.Count} selected jobs deleted.";
    }
}
