using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// Enqueues a worker's cron schedules at their fire times (see <see cref="CronSchedule"/> for exactly-once), and keeps
/// them recorded in a broker that has <see cref="IBrokerAdmin"/> (<see cref="CronRecords"/>).
/// </summary>
internal sealed partial class CronScheduler(IReadOnlyList<CronSchedule> schedules, ITaskClient client, IBrokerAdmin? admin, TimeProvider time,
    ILogger<CronScheduler> logger)
    : BackgroundService
{
    private readonly CronRecords? _records = admin is null ? null : new CronRecords(admin, schedules, time, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refresh = _records?.RefreshLoopAsync(stoppingToken) ?? Task.CompletedTask;
        await ScheduleAsync(stoppingToken).ConfigureAwait(false);
        await refresh.ConfigureAwait(false);
    }

    private async Task ScheduleAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(CronSchedule Schedule, DateTimeOffset At)>();
        foreach (var schedule in schedules)
        {
            if (schedule.Missed == MissedFirePolicy.RunOnce && schedule.LastFireBefore(now) is { } missed)
                due.Add((schedule, missed));
            if (schedule.Cron.GetNextOccurrence(now, schedule.Zone) is { } next)
                due.Add((schedule, next));
        }
        while (!stoppingToken.IsCancellationRequested && due.Count > 0)
        {
            due.Sort((a, b) => a.At.CompareTo(b.At));
            var (schedule, at) = due[0];
            var wait = at - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            due.RemoveAt(0);
            await FireAsync(schedule, at, stoppingToken).ConfigureAwait(false);
            if (schedule.Cron.GetNextOccurrence(at, schedule.Zone) is { } following)
                due.Add((schedule, following));
        }
    }

    private async Task FireAsync(CronSchedule schedule, DateTimeOffset at, CancellationToken stoppingToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var id = await schedule.EnqueueAsync(client, at, stoppingToken).ConfigureAwait(false);
                Fired(logger, schedule.TaskName, schedule.Cron.Text, at, id);
                if (_records is not null)
                    await _records.FiredAsync(schedule, at, id, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && attempt < 10)
            {
                Retrying(logger, e, schedule.TaskName, at, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(20, LogLevel.Debug, "Cron {Task} '{Cron}' fired for {At:O} as job {JobId}")]
    private static partial void Fired(ILogger logger, string task, string cron, DateTimeOffset at, JobId jobId);

    [LoggerMessage(21, LogLevel.Warning, "Cron {Task} could not enqueue its {At:O} fire (attempt {Attempt}); retrying")]
    private static partial void Retrying(ILogger logger, Exception exception, string task, DateTimeOffset at, int attempt);
}
