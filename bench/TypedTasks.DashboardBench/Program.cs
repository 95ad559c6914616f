using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TypedTasks;
using TypedTasks.Brokers;
using TypedTasks.DashboardBench;

// Page render times of the dashboard with a queue of N pending jobs and M dead ones, over HTTP on loopback (Kestrel):
//   dotnet run -c Release --project bench/TypedTasks.DashboardBench -- [--redis host:port] [--pending 100000] [--dead 10000] [--requests 200]
// Each page is requested 20 times to warm up, then --requests times one after another; the table gives p50, p95 and
// the maximum of the time from sending the request to having read the whole page.
string? redis = Option("--redis", null);
int pending = int.Parse(Option("--pending", "100000")!, CultureInfo.InvariantCulture);
int dead = int.Parse(Option("--dead", "10000")!, CultureInfo.InvariantCulture);
int requests = int.Parse(Option("--requests", "200")!, CultureInfo.InvariantCulture);
const string queue = "reports";

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddTypedTasks(o =>
{
    if (redis is null)
        o.UseInMemory();
    else
        o.UseRedis(redis);
});
builder.Services.AddTypedTasksDashboard();
var app = builder.Build();
app.MapTypedTasksDashboard("/typedtasks");
await app.StartAsync();

var broker = app.Services.GetRequiredService<IBroker>();
if (broker is IBrokerAdmin admin)
{
    await admin.DeleteAllAsync(queue, JobSet.Pending);
    await admin.DeleteAllAsync(queue, JobSet.Dead);
}
var fill = Stopwatch.StartNew();
var deadJob = await Filler.FillAsync(broker, queue, pending, dead);
var stats = await broker.GetQueueStatsAsync(queue);
Console.WriteLine($"broker: {(redis is null ? "in-memory" : "redis " + redis)}; queue {queue}: {stats.Pending} pending, {stats.Dead} dead (filled in {fill.Elapsed.TotalSeconds:0.0} s)");

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using var http = new HttpClient { BaseAddress = new Uri(address) };
int size = new TypedTasks.Dashboard.DashboardOptions().PageSize;
(string Name, string Url)[] pages =
[
    ("overview", "/typedtasks/"),
    ("pending, page 1", $"/typedtasks/queue?name={queue}&set=pending"),
    ("pending, middle page", $"/typedtasks/queue?name={queue}&set=pending&page={pending / size / 2}"),
    ("pending, last page", $"/typedtasks/queue?name={queue}&set=pending&page={(pending + size - 1) / size}"),
    ("dead, page 1", $"/typedtasks/queue?name={queue}&set=dead"),
    ("dead, last page", $"/typedtasks/queue?name={queue}&set=dead&page={(dead + size - 1) / size}"),
    ("job (dead)", $"/typedtasks/job?id={Uri.EscapeDataString(deadJob.Value)}"),
    ("overview data (polled)", "/typedtasks/api/overview"),
];

Console.WriteLine($"| Page | p50 ms | p95 ms | max ms | bytes |");
Console.WriteLine($"| --- | ---: | ---: | ---: | ---: |");
foreach (var (name, url) in pages)
{
    for (int i = 0; i < 20; i++)
        await GetAsync(url);
    var times = new double[requests];
    long bytes = 0;
    for (int i = 0; i < requests; i++)
    {
        var watch = Stopwatch.StartNew();
        bytes = await GetAsync(url);
        times[i] = watch.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Percentile(times, 0.50):0.0} | {Percentile(times, 0.95):0.0} | {times[^1]:0.0} | {bytes} |"));
}
if (broker is IBrokerAdmin cleanup)
{
    await cleanup.DeleteAllAsync(queue, JobSet.Pending);
    await cleanup.DeleteAllAsync(queue, JobSet.Dead);
}
await app.StopAsync();

async Task<long> GetAsync(string url)
{
    using var response = await http.GetAsync(url);
    byte[] body = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
    return body.Length;
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

string? Option(string name, string? fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
