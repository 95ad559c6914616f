using System.Net;
using System.Text.RegularExpressions;
using TypedTasks.Dashboard.Tests.Support;

namespace TypedTasks.Dashboard.Tests.Endpoints;

/// <summary>What the pages show: listings by page, a job found by id, its payload, workers and cron schedules.</summary>
public sealed class PageTests
{
    [Fact]
    public async Task A_queue_lists_its_jobs_a_page_at_a_time()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        var ids = new List<JobId>();
        for (int i = 0; i < 30; i++)
            ids.Add(await new Note("note " + i, i).PerformAsync(app.Tasks));

        string first = await app.Http.GetStringAsync("/typedtasks/queue?name=notes&set=pending");
        string second = await app.Http.GetStringAsync("/typedtasks/queue?name=notes&set=pending&page=2");

        Assert.Equal(ids.Take(25).Select(id => id.Value), Rows(first));
        Assert.Equal(ids.Skip(25).Select(id => id.Value), Rows(second));
        Assert.Contains("Page 1 of 2 (30 jobs)", first);
        Assert.Contains("rel=\"next\"", first);
        Assert.DoesNotContain("rel=\"next\"", second);
    }

    [Fact]
    public async Task Find_leads_to_the_job_and_an_unknown_id_is_not_found()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        var id = await new Note("find me", 1).PerformAsync(app.Tasks);

        using var found = await app.Http.GetAsync($"/typedtasks/find?id={id.Value}");
        using var missing = await app.Http.GetAsync("/typedtasks/job?id=no-such-job");

        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        string page = await app.Http.GetStringAsync(found.Headers.Location);
        Assert.Contains("find me", page);
        Assert.Contains("Pending", page);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_task_the_app_does_not_know_shows_its_raw_messagepack_as_json()
    {
        await using var app = await DashboardApp.StartAsync(worker: false, registry: new TaskRegistryBuilder().Build());
        var id = await new Note("<b>raw</b>", 42).PerformAsync(app.Tasks);

        string page = await app.Http.GetStringAsync($"/typedtasks/job?id={id.Value}");

        Assert.Contains("does not know the task dashboard.note", page);
        Assert.Contains("&quot;Text&quot;: &quot;&lt;b&gt;raw&lt;/b&gt;&quot;", page);
        Assert.Contains("&quot;Number&quot;: 42", page);
    }

    [Fact]
    public async Task A_payload_the_task_cannot_read_shows_the_reader_error_and_its_raw_json()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        var request = new BrokerTaskClient(app.Broker).CreateRequest(new Note("old", 1));
        var envelope = JobEnvelopeCodec.Decode(request.Envelope);
        byte[] withoutNumber = [0x81, 0xa4, (byte)'T', (byte)'e', (byte)'x', (byte)'t', 0xa3, (byte)'o', (byte)'l', (byte)'d'];
        await app.Broker.EnqueueAsync(request with { Envelope = JobEnvelopeCodec.Encode(envelope with { Args = withoutNumber }) });

        string page = await app.Http.GetStringAsync($"/typedtasks/job?id={request.Id.Value}");

        Assert.Contains("TypedTasks.Dashboard.Tests.Support.Note cannot read this payload", page);
        Assert.Contains("Number", page);
        Assert.Contains("&quot;Text&quot;: &quot;old&quot;", page);
    }

    [Fact]
    public async Task Workers_and_cron_schedules_show_what_the_hosts_record()
    {
        await using var app = await DashboardApp.StartAsync();

        string workers = await Eventually.GetAsync(async () =>
        {
            string page = await app.Http.GetStringAsync("/typedtasks/workers");
            return page.Contains("data-worker=", StringComparison.Ordinal) ? page : null;
        }, "the worker's heartbeat");
        string cron = await Eventually.GetAsync(async () =>
        {
            string page = await app.Http.GetStringAsync("/typedtasks/cron");
            return page.Contains("data-schedule=", StringComparison.Ordinal) ? page : null;
        }, "the cron record");

        Assert.Contains(Environment.MachineName, workers);
        Assert.Contains(">naps</a>×4", workers);
        Assert.Contains("<code>0 8 * * *</code>", cron);
        Assert.Contains("dashboard.note", cron);
        Assert.Contains("08:00:00 UTC", cron);
    }

    [Theory]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("dashboard.js", "text/javascript")]
    public async Task The_pages_link_their_assets_from_the_assembly_with_a_version(string name, string type)
    {
        await using var app = await DashboardApp.StartAsync(worker: false);

        string page = await app.Http.GetStringAsync("/typedtasks/");
        var link = Regex.Match(page, $"\"(/typedtasks/assets/{Regex.Escape(name)}\\?v=[0-9a-f]{{12}})\"");
        Assert.True(link.Success, $"the page does not link {name} with a version");
        using var asset = await app.Http.GetAsync(link.Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal(type, asset.Content.Headers.ContentType!.MediaType);
        Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 500);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
    }

    private static IEnumerable<string> Rows(string html) =>
        Regex.Matches(html, "<tr data-job=\"([^\"]+)\"").Select(m => m.Groups[1].Value);
}
