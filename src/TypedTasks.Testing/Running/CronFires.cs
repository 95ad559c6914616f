using TypedTasks.Hosting;

namespace TypedTasks.Testing;

/// <summary>
/// The application's cron schedules on the test clock: each fire time the clock has passed is enqueued once, due at
/// that time and under the same job id a worker's scheduler gives it, so the jobs are the ones production makes.
/// Only the timing differs: fire times are enqueued when a run looks at the clock, not by a timer.
/// </summary>
internal sealed class CronFires
{
    private readonly object _gate = new();
    private readonly IReadOnlyList<CronSchedule> _schedules;
    private readonly DateTimeOffset _start;
    private DateTimeOffset _firedUntil;
    private bool _missedFired;

    public CronFires(IReadOnlyList<CronSchedule> schedules, DateTimeOffset start)
    {
        _schedules = schedules;
        _start = start;
        _firedUntil = start;
    }

    public int Count => _schedules.Count;

    /// <summary>Enqueues every fire time after the last look and at or before <paramref name="now"/>, in time order.</summary>
    public async Task FireDueAsync(ITaskClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<(CronSchedule Schedule, DateTimeOffset At)>();
        lock (_gate)
        {
            if (!_missedFired)
            {
                // As a worker's scheduler does when it starts: the latest fire time missed in the last day runs once.
                _missedFired = true;
                foreach (var schedule in _schedules)
                {
                    if (schedule.Missed == MissedFirePolicy.RunOnce && schedule.LastFireBefore(_start) is { } missed)
                        due.Add((schedule, missed));
                }
            }
            if (now > _firedUntil)
            {
                foreach (var schedule in _schedules)
                    due.AddRange(schedule.Cron.GetOccurrences(_firedUntil, now, schedule.Zone).Select(at => (schedule, at)));
                _firedUntil = now;
            }
        }
        foreach (var (schedule, at) in due.OrderBy(d => d.At))
            await schedule.EnqueueAsync(client, at, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The earliest fire time not enqueued yet.</summary>
    public DateTimeOffset? NextFire()
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var schedule in _schedules)
            {
                if (schedule.Cron.GetNextOccurrence(_firedUntil, schedule.Zone) is { } at && (next is null || at < next))
                    next = at;
            }
            return next;
        }
    }
}
