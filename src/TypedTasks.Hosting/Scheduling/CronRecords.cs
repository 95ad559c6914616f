using Microsoft.Extensions.Logging;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// Keeps a host's cron schedules recorded in the broker (<see cref="IBrokerAdmin"/>), so a dashboard sees every host's
/// schedules with their next fire times and last fire: each schedule is recorded when the scheduler starts, after each
/// fire and every <see cref="RefreshEvery"/>; a record lapses <see cref="RecordTtl"/> after the last host running the
/// schedule stopped. Failures are logged and never stop the scheduler: the records are for people, the fires are not.
/// </summary>
internal sealed partial class CronRecords(IBrokerAdmin admin, IReadOnlyList<CronSchedule> schedules, TimeProvider time, ILogger logger)
{
    /// <summary>How often the records are written again while no fire rewrote them.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    /// <summary>How long a record outlives its last refresh.</summary>
    public static readonly TimeSpan RecordTtl = TimeSpan.FromMinutes(3);

    /// <summary>How long a last fire stays known: past a monthly schedule's gap.</summary>
    public static readonly TimeSpan FireTtl = TimeSpan.FromDays(40);

    /// <summary>How many next fire times a record lists.</summary>
    public const int NextFireCount = 5;

    /// <summary>Records every schedule every <see cref="RefreshEvery"/> until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RecordAsync(schedules, stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(RefreshEvery, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Records that <paramref name="schedule"/> enqueued its fire at <paramref name="at"/>, and its new next fires.</summary>
    public async Task FiredAsync(CronSchedule schedule, DateTimeOffset at, JobId job, CancellationToken stoppingToken)
    {
        try
        {
            await admin.RecordCronFireAsync(schedule.Identity, at, job, FireTtl, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            NotRecorded(logger, e);
        }
        await RecordAsync([schedule], stoppingToken).ConfigureAwait(false);
    }

    private async Task RecordAsync(IReadOnlyList<CronSchedule> recorded, CancellationToken stoppingToken)
    {
        try
        {
            var now = time.GetUtcNow();
            await admin.RecordCronSchedulesAsync(recorded.Select(s => Describe(s, now)).ToList(), RecordTtl, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            NotRecorded(logger, e);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static CronScheduleStatus Describe(CronSchedule schedule, DateTimeOffset now) => new()
    {
        Id = schedule.Identity,
        TaskName = schedule.TaskName,
        Queue = schedule.Queue,
        Expression = schedule.Cron.Text,
        TimeZone = schedule.Zone.Id,
        NextFires = NextFires(schedule, now),
        Host = Environment.MachineName,
        RecordedAt = now,
    };

    private static List<DateTimeOffset> NextFires(CronSchedule schedule, DateTimeOffset now)
    {
        var fires = new List<DateTimeOffset>(NextFireCount);
        for (var next = schedule.Cron.GetNextOccurrence(now, schedule.Zone); next is { } at && fires.Count < NextFireCount;
             next = schedule.Cron.GetNextOccurrence(at, schedule.Zone))
            fires.Add(at);
        return fires;
    }

    [LoggerMessage(22, LogLevel.Warning, "Could not record the cron schedules in the broker for the dashboard; the schedules still fire")]
    private static partial void NotRecorded(ILogger logger, Exception exception);
}
