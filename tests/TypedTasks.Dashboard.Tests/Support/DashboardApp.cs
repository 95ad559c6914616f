using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedTasks.Brokers;
using TypedTasks.Hosting;

namespace TypedTasks.Dashboard.Tests.Support;

/// <summary>
/// A web app with an in-memory broker, a worker for the test tasks and the dashboard at <c>/typedtasks</c>, on the
/// test server (<see cref="Http"/>) or on Kestrel at a free loopback port (<see cref="BaseAddress"/>, for the browser).
/// </summary>
public sealed class DashboardApp : IAsyncDisposable
{
    /// <summary>A request header the test server turns into the client's address, to play a remote client.</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private readonly WebApplication _app;

    private DashboardApp(WebApplication app, Uri baseAddress, HttpClient http)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = http;
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public IBroker Broker => Services.GetRequiredService<IBroker>();

    public ITaskClient Tasks => Services.GetRequiredService<ITaskClient>();

    public FlakySwitch Flaky => Services.GetRequiredService<FlakySwitch>();

    /// <param name="kestrel">Serve on a real loopback port (for the browser) instead of the test server.</param>
    /// <param name="dashboard">Conventions to add to the dashboard's endpoints, such as <c>RequireAuthorization</c>.</param>
    /// <param name="services">More services, such as authentication.</param>
    /// <param name="worker">Whether a worker serves the naps and flaky queues (and a daily cron schedule).</param>
    /// <param name="registry">The tasks the app knows; every generated one when null.</param>
    public static async Task<DashboardApp> StartAsync(bool kestrel = false, Action<IEndpointConventionBuilder>? dashboard = null,
        Action<IServiceCollection>? services = null, Action<WebApplication>? middleware = null, bool worker = true,
        TaskRegistry? registry = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (kestrel)
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        else
            builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<FlakySwitch>();
        var tasks = builder.Services.AddTypedTasks(o =>
        {
            o.UseInMemory();
            o.Registry = registry;
        });
        if (worker)
            tasks.AddWorker(w => w.Queue("naps", concurrency: 4).Queue("flaky", concurrency: 1).Schedule(new Note("daily", 0), "0 8 * * *"));
        builder.Services.AddTypedTasksDashboard(o => o.RefreshInterval = TimeSpan.FromMilliseconds(300));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        if (!kestrel)
            app.Use(PlayRemoteClient);
        middleware?.Invoke(app);
        var endpoints = app.MapTypedTasksDashboard("/typedtasks");
        dashboard?.Invoke(endpoints);
        await app.StartAsync();

        if (kestrel)
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return new DashboardApp(app, address, new HttpClient { BaseAddress = address });
        }
        var client = app.GetTestClient();
        return new DashboardApp(app, client.BaseAddress!, client);
    }

    /// <summary>The test server gives no client address; this one is local unless the test names another.</summary>
    private static Task PlayRemoteClient(HttpContext context, Func<Task> next)
    {
        context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteAddressHeader, out var remote)
            ? IPAddress.Parse(remote.ToString())
            : IPAddress.Loopback;
        return next();
    }

    /// <summary>Moves <paramref name="count"/> jobs of <paramref name="queue"/> to the dead set as a worker would, without one.</summary>
    public async Task<IReadOnlyList<JobId>> KillAsync(string queue, int count)
    {
        var fetched = await Broker.FetchAsync(new FetchRequest { Queues = [queue], Count = count, WorkerId = "test" });
        foreach (var job in fetched.Jobs)
            await Broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "InvalidOperationException: killed by the test", Disposition = FailureDisposition.Dead });
        return fetched.Jobs.Select(job => job.Id).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
