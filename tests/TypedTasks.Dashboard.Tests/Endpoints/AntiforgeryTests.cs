using System.Net;
using TypedTasks.Dashboard.Tests.Support;

namespace TypedTasks.Dashboard.Tests.Endpoints;

/// <summary>Every change is a POST carrying the page's antiforgery token; a GET never changes anything.</summary>
public sealed class AntiforgeryTests
{
    [Fact]
    public async Task A_post_without_a_token_is_refused_and_changes_nothing()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await new Note("x", 1).PerformAsync(app.Tasks);

        using var response = await app.Http.PostAsync("/typedtasks/queue/pause", new FormUrlEncodedContent([new("name", "notes")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync());
        Assert.False((await app.Broker.GetQueueStatsAsync("notes")).Paused);
    }

    [Fact]
    public async Task A_post_with_a_token_from_another_session_is_refused()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await new Note("x", 1).PerformAsync(app.Tasks);
        using var page = await app.Http.GetAsync("/typedtasks/");
        string html = await page.Content.ReadAsStringAsync();
        string token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var response = await app.Http.PostAsync("/typedtasks/queue/pause", new FormUrlEncodedContent(
            [new("name", "notes"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await app.Broker.GetQueueStatsAsync("notes")).Paused);
    }

    [Fact]
    public async Task A_post_with_the_page_token_pauses_the_queue_and_redirects_back()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await new Note("x", 1).PerformAsync(app.Tasks);

        using var response = await DashboardForms.PostAsync(app.Http, "/typedtasks/", "/typedtasks/queue/pause",
            ("name", "notes"), ("back", "/typedtasks/"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/typedtasks/?done=", response.Headers.Location!.OriginalString);
        Assert.True((await app.Broker.GetQueueStatsAsync("notes")).Paused);
    }

    [Theory]
    [InlineData("/typedtasks/queue/pause?name=notes")]
    [InlineData("/typedtasks/job/delete?id=x")]
    public async Task An_action_is_not_served_on_get(string url)
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await new Note("x", 1).PerformAsync(app.Tasks);

        using var response = await app.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.False((await app.Broker.GetQueueStatsAsync("notes")).Paused);
    }

    [Fact]
    public async Task The_back_address_never_leaves_the_dashboard()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await new Note("x", 1).PerformAsync(app.Tasks);

        using var response = await DashboardForms.PostAsync(app.Http, "/typedtasks/", "/typedtasks/queue/resume",
            ("name", "notes"), ("back", "https://evil.example/typedtasks"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/typedtasks/?done=", response.Headers.Location!.OriginalString);
    }
}
