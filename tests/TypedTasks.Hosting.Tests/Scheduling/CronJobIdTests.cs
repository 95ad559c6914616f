using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>
/// A cron job's id hashes the task, its payload, the expression text, the zone and the queue. The expected ids were
/// computed by the code that parsed cron itself (before Cronos): workers of both versions side by side during a rolling
/// deploy must give each fire time the same id, or it runs twice.
/// </summary>
public sealed class CronJobIdTests
{
    private static readonly DateTimeOffset FireTime = new(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);

    [Fact]
    public void Each_fire_time_keeps_the_job_id_earlier_versions_gave_it()
    {
        (CronSchedule Schedule, string Expected)[] fixtures =
        [
            (Schedule(new Tick("every-second"), "* * * * * *", "UTC", null), "cron:cc6f48af545e569d8e6fb5e1:1795342530"),
            (Schedule(new Tick("daily"), "0 0 * * *", "UTC", null), "cron:3fca87a7e4954971412842fc:1795342530"),
            (Schedule(new Tick("daily"), "0 0 * * *", "Europe/Berlin", null), "cron:edaa5554857d24b70cd71077:1795342530"),
            (Schedule(new Tick("berlin"), "0 8 * * MON-FRI", "Europe/Berlin", null), "cron:a66c574096bae497da6c7288:1795342530"),
            (Schedule(new Tick("macro"), "@daily", "UTC", "q"), "cron:72d9db01dfd2306221f0789a:1795342530"),
            (Schedule(new Tick("spaces"), " */5  * * * * ", "UTC", null), "cron:8822fc0f79c8346040faa6b7:1795342530"),
            (Schedule(new Greet("x"), "0 0 1 * MON", "America/New_York", "other"), "cron:bbeb3879a60c31b6578780c9:1795342530"),
        ];

        Assert.Equal(fixtures.Select(f => f.Expected), fixtures.Select(f => f.Schedule.JobIdFor(FireTime).Value));
    }

    private static CronSchedule Schedule<TTask>(TTask task, string cron, string zone, string? queue) where TTask : IGeneratedTask<TTask> =>
        CronSchedule.Create(task, CronTimes.Parse(cron), TimeZoneInfo.FindSystemTimeZoneById(zone), MissedFirePolicy.Skip, queue);
}
