using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TypedTasks.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TypedTasks.Dashboard.Tests.Browser;

/// <summary>The dashboard in a real browser over Kestrel, with a worker running the jobs.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task The_overview_counts_change_while_jobs_run()
    {
        await using var app = await DashboardApp.StartAsync(kestrel: true);
        await app.Broker.PauseAsync("naps");
        for (int i = 0; i < 8; i++)
            await new Nap(200).PerformAsync(app.Tasks);
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("typedtasks/");
        var row = page.Locator("tr[data-queue=naps]");
        await Expect(row.Locator("[data-count=pending]")).ToHaveTextAsync("8");
        await Expect(row.Locator("[data-count=succeeded]")).ToHaveTextAsync("0");

        await app.Broker.ResumeAsync("naps");

        await Expect(row.Locator("[data-count=succeeded]")).ToHaveTextAsync("8");
        await Expect(row.Locator("[data-count=pending]")).ToHaveTextAsync("0");
        await Expect(row.Locator("[data-count=active]")).ToHaveTextAsync("0");
        await Expect(page.Locator("#tt-chart polyline[data-series=processed]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#tt-chart-total")).ToContainTextAsync("8 processed, 0 failed");
    }

    [Fact]
    public async Task A_dead_job_opened_and_retried_succeeds()
    {
        await using var app = await DashboardApp.StartAsync(kestrel: true);
        var id = await new Flaky("a").PerformAsync(app.Tasks, options: new JobOptions { KeepResultFor = TimeSpan.FromHours(1) });
        await Eventually.GetAsync(async () => (await app.Broker.GetJobAsync(id))?.State == JobState.Dead ? "dead" : null, "the job to die");
        var page = await chromium.NewPageAsync(app.BaseAddress);

        await page.GotoAsync("typedtasks/");
        await page.Locator("tr[data-queue=flaky] a[data-count=dead]").ClickAsync();
        await page.Locator($"tr[data-job=\"{id.Value}\"] a").ClickAsync();
        await Expect(page.Locator("#tt-error")).ToContainTextAsync("flaky a: the switch is broken");
        await Expect(page.Locator("#tt-error")).ToContainTextAsync("at TypedTasks.Dashboard.Tests.Support.Flaky");
        await Expect(page.Locator(".state")).ToHaveTextAsync("Dead");

        app.Flaky.Broken = false;
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("pending again");
        await Eventually.GetAsync(async () => (await app.Broker.GetJobAsync(id))?.State == JobState.Succeeded ? "done" : null, "the retried job to succeed");
        await page.ReloadAsync();

        await Expect(page.Locator(".state")).ToHaveTextAsync("Succeeded");
        await Expect(page.Locator("#tt-result")).ToHaveTextAsync("\"fixed a\"");
    }

    [Fact]
    public async Task A_queue_is_paused_and_resumed_from_the_overview()
    {
        await using var app = await DashboardApp.StartAsync(kestrel: true);
        await new Note("waits", 1).PerformAsync(app.Tasks);
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("typedtasks/");
        var row = page.Locator("tr[data-queue=notes]");

        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(row.Locator("[data-paused]")).ToHaveTextAsync("paused");
        Assert.True((await app.Broker.GetQueueStatsAsync("notes")).Paused);

        await row.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(row.Locator("[data-paused]")).ToHaveTextAsync("running");
        Assert.False((await app.Broker.GetQueueStatsAsync("notes")).Paused);
    }

    [Fact]
    public async Task A_payload_holding_a_script_renders_as_text()
    {
        await using var app = await DashboardApp.StartAsync(kestrel: true);
        const string hostile = "</pre><script>window.ttInjected = 1</script><img src=x onerror='window.ttInjected = 2'>";
        var id = await new Note(hostile, 7).PerformAsync(app.Tasks);
        var page = await chromium.NewPageAsync(app.BaseAddress);

        await page.GotoAsync($"typedtasks/job?id={Uri.EscapeDataString(id.Value)}");

        await Expect(page.Locator("#tt-payload")).ToContainTextAsync(hostile);
        await Expect(page.Locator("#tt-payload")).ToContainTextAsync(new Regex("\"Number\": 7"));
        await Expect(page.Locator("#tt-payload-source")).ToContainTextAsync("Read as TypedTasks.Dashboard.Tests.Support.Note by its generated reader");
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.ttInjected === undefined"));

        await page.GotoAsync("typedtasks/queue?name=notes");
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.ttInjected === undefined"));
    }
}
