using System.Net;
using Microsoft.AspNetCore.Builder;
using TypedTasks.Dashboard.Tests.Support;

namespace TypedTasks.Dashboard.Tests.Endpoints;

/// <summary>Who may see the dashboard: local requests only without a policy, the policy's users with one.</summary>
public sealed class AccessTests
{
    [Fact]
    public async Task Without_a_policy_a_remote_request_is_refused_and_a_local_one_served_with_the_notice()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);

        using var remote = new HttpRequestMessage(HttpMethod.Get, "/typedtasks/");
        remote.Headers.Add(DashboardApp.RemoteAddressHeader, "203.0.113.7");
        using var refused = await app.Http.SendAsync(remote);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("local requests only", await refused.Content.ReadAsStringAsync());

        using var local = await app.Http.GetAsync("/typedtasks/");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains("id=\"tt-local-only\"", await local.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("::1", HttpStatusCode.OK)]
    [InlineData("::ffff:127.0.0.1", HttpStatusCode.OK)]
    [InlineData("::ffff:203.0.113.7", HttpStatusCode.Forbidden)]
    [InlineData("10.0.0.5", HttpStatusCode.Forbidden)]
    public async Task Without_a_policy_only_loopback_addresses_are_local(string address, HttpStatusCode expected)
    {
        await using var app = await DashboardApp.StartAsync(worker: false);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/typedtasks/");
        request.Headers.Add(DashboardApp.RemoteAddressHeader, address);
        using var response = await app.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_policy_a_remote_post_changes_nothing()
    {
        await using var app = await DashboardApp.StartAsync(worker: false);
        await new Note("x", 1).PerformAsync(app.Tasks);

        using var remote = new HttpRequestMessage(HttpMethod.Post, "/typedtasks/queue/pause")
        {
            Content = new FormUrlEncodedContent([new("name", "notes")]),
        };
        remote.Headers.Add(DashboardApp.RemoteAddressHeader, "203.0.113.7");
        using var refused = await app.Http.SendAsync(remote);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False((await app.Broker.GetQueueStatsAsync("notes")).Paused);
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("bob", "", HttpStatusCode.Forbidden)]
    [InlineData("ada", "admin", HttpStatusCode.OK)]
    public async Task With_a_policy_its_users_are_served_from_anywhere_and_nobody_else(string? user, string? roles, HttpStatusCode expected)
    {
        await using var app = await DashboardApp.StartAsync(worker: false,
            services: TestAuthentication.AddTo,
            middleware: web =>
            {
                web.UseAuthentication();
                web.UseAuthorization();
            },
            dashboard: endpoints => endpoints.RequireAuthorization("admins"));

        foreach (string address in new[] { "203.0.113.7", "127.0.0.1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/typedtasks/");
            request.Headers.Add(DashboardApp.RemoteAddressHeader, address);
            if (user is not null)
            {
                request.Headers.Add("X-Test-User", user);
                request.Headers.Add("X-Test-Roles", roles);
            }
            using var response = await app.Http.SendAsync(request);

            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.OK)
                Assert.DoesNotContain("tt-local-only", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_sample_app_serves_its_dashboard_locally_and_refuses_remote_requests()
    {
        await using var sample = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>();

        var remote = await sample.Server.SendAsync(c =>
        {
            c.Request.Path = "/typedtasks/";
            c.Connection.RemoteIpAddress = IPAddress.Parse("2001:db8::7");
        });
        var local = await sample.Server.SendAsync(c =>
        {
            c.Request.Path = "/typedtasks/";
            c.Connection.RemoteIpAddress = IPAddress.IPv6Loopback;
        });

        Assert.Equal(403, remote.Response.StatusCode);
        Assert.Equal(200, local.Response.StatusCode);
    }
}
