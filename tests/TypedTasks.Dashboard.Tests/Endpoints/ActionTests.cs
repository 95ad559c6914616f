using System.Net;
using TypedTasks.Brokers;
using TypedTasks.Dashboard.Tests.Support;

namespace TypedTasks.Dashboard.Tests.Endpoints;

/// <summary>What the dashboard's buttons do to jobs: one, a selection, or a whole set.</summary>
public sealed class ActionTests
{
    private const string DeadPage = "/typedtasks/queue?name=notes&set=dead";

    [Fact]
    public async Task Selected_dead_jobs_are_retried_and_the_rest_stay_dead()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await EnqueueNotesAsync(app, 3);
        var dead = await app.KillAsync("notes", 3);

        using var response = await DashboardForms.PostAsync(app.Http, DeadPage, "/typedtasks/queue/retry",
            ("name", "notes"), ("set", "dead"), ("ids", dead[0].Value), ("ids", dead[2].Value), ("back", DeadPage));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("2 of 2 selected jobs are pending now", Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
        Assert.Equal(JobState.Pending, (await app.Broker.GetJobAsync(dead[0]))!.State);
        Assert.Equal(JobState.Dead, (await app.Broker.GetJobAsync(dead[1]))!.State);
        Assert.Equal(JobState.Pending, (await app.Broker.GetJobAsync(dead[2]))!.State);
    }

    [Fact]
    public async Task Retry_all_empties_the_dead_set_and_delete_all_the_pending_one()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await EnqueueNotesAsync(app, 4);
        await app.KillAsync("notes", 4);

        using var retried = await DashboardForms.PostAsync(app.Http, DeadPage, "/typedtasks/queue/retry", ("name", "notes"), ("set", "dead"), ("all", "true"));
        var stats = await app.Broker.GetQueueStatsAsync("notes");
        Assert.Equal((0L, 4L), (stats.Dead, stats.Pending));

        using var deleted = await DashboardForms.PostAsync(app.Http, DeadPage, "/typedtasks/queue/delete", ("name", "notes"), ("set", "pending"), ("all", "true"));
        stats = await app.Broker.GetQueueStatsAsync("notes");
        Assert.Equal((0L, 0L), (stats.Dead, stats.Pending));
    }

    [Fact]
    public async Task Selected_dead_jobs_are_deleted()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await EnqueueNotesAsync(app, 2);
        var dead = await app.KillAsync("notes", 2);

        await DashboardForms.PostAsync(app.Http, DeadPage, "/typedtasks/queue/delete", ("name", "notes"), ("set", "dead"), ("ids", dead[1].Value));

        Assert.NotNull(await app.Broker.GetJobAsync(dead[0]));
        Assert.Null(await app.Broker.GetJobAsync(dead[1]));
    }

    [Fact]
    public async Task A_scheduled_job_is_run_now_and_another_deleted()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        var soon = await new Note("later", 1).PerformIn(app.Tasks, TimeSpan.FromHours(1));
        var never = await new Note("never", 2).PerformIn(app.Tasks, TimeSpan.FromHours(1));
        string page = "/typedtasks/queue?name=notes&set=scheduled";
        string html = await app.Http.GetStringAsync(page);
        Assert.Contains("Run now", html);

        await DashboardForms.PostAsync(app.Http, page, "/typedtasks/job/retry", ("id", soon.Value));
        await DashboardForms.PostAsync(app.Http, page, "/typedtasks/job/delete", ("id", never.Value));

        Assert.Equal(JobState.Pending, (await app.Broker.GetJobAsync(soon))!.State);
        Assert.Null(await app.Broker.GetJobAsync(never));
    }

    [Fact]
    public async Task A_pending_job_is_cancelled()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        var id = await new Note("stop", 1).PerformAsync(app.Tasks);

        using var response = await DashboardForms.PostAsync(app.Http, $"/typedtasks/job?id={id.Value}", "/typedtasks/job/cancel",
            ("id", id.Value), ("back", $"/typedtasks/job?id={id.Value}"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(JobState.Cancelled, (await app.Broker.GetJobAsync(id))!.State);
        string page = await app.Http.GetStringAsync(response.Headers.Location);
        Assert.Contains($"Job {id.Value} cancelled.", page);
    }

    private static async Task EnqueueNotesAsync(DashboardApp app, int count)
    {
        for (int i = 0; i < count; i++)
            await new Note("note " + i, i).PerformAsync(app.Tasks);
    }
}
