using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks;
using TypedTasks.Brokers;
using TypedTasks.Nats;
using TypedTasks.PostgresBench;

// One phase of bench/nats.sh per process, against the nats-server the script started:
//   enqueue-serial | enqueue-bulk  --nats URL --prefix P --count N [--warmup W]
//   drain --concurrency C          (prefills W + N jobs untimed, then times N after W started)
//   scheduled --count M --delay-ms D  (lateness of jobs due D ms after their enqueue, spread over 1 s)
// Prints one line: RESULT {json}. Each phase uses buckets of its own (prefix P).
string phase = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: <phase> --nats URL ...");
string url = Option("--nats") ?? throw new ArgumentException("--nats is required");
string prefix = Option("--prefix") ?? "bench";
int count = int.Parse(Option("--count") ?? "10000", CultureInfo.InvariantCulture);
int warmup = int.Parse(Option("--warmup") ?? "0", CultureInfo.InvariantCulture);
int concurrency = int.Parse(Option("--concurrency") ?? "10", CultureInfo.InvariantCulture);
int delayMs = int.Parse(Option("--delay-ms") ?? "2000", CultureInfo.InvariantCulture);
const int Batch = 1000;

var probe = new Probe(warmup + count, warmup);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(probe);
var typedTasks = builder.Services.AddTypedTasks(o => o.UseNats(url, new NatsBrokerOptions { Prefix = prefix }));
if (phase is "drain" or "scheduled")
    typedTasks.AddWorker(w => w.Queue("default", concurrency));
using var host = builder.Build();
var client = host.Services.GetRequiredService<ITaskClient>();
var broker = (NatsBroker)host.Services.GetRequiredService<IBroker>();
await broker.StartAsync();
Dictionary<string, object> result;
switch (phase)
{
    case "enqueue-serial":
    {
        for (int i = 0; i < warmup; i++)
            await new Noop(0).PerformAsync(client);
        long started = Probe.Now;
        for (int i = 0; i < count; i++)
            await new Noop(0).PerformAsync(client);
        result = Figures(started);
        break;
    }
    case "enqueue-bulk":
    {
        await EnqueueBulkAsync(broker, warmup);
        long started = Probe.Now;
        await EnqueueBulkAsync(broker, count);
        result = Figures(started, ("batch", Batch));
        break;
    }
    case "drain":
    {
        await EnqueueBulkAsync(broker, warmup + count);
        long started = Probe.Now;
        await host.StartAsync();
        if (warmup > 0)
        {
            await probe.Warm;
            started = Probe.Now;
        }
        await probe.Done;
        result = Figures(started, ("concurrency", concurrency));
        await host.StopAsync();
        break;
    }
    case "scheduled":
    {
        await host.StartAsync();
        for (int i = 0; i < warmup; i++)
            await new Noop(0).PerformAsync(client);
        await probe.Warm.WaitAsync(TimeSpan.FromSeconds(60));
        long started = Probe.Now;
        for (int i = 0; i < count; i++)
        {
            var due = DateTimeOffset.UtcNow.AddMilliseconds(delayMs);
            await new Noop(due.UtcTicks).PerformAt(client, due);
            var pace = TimeSpan.FromSeconds(1) * (i + 1) / count - Stopwatch.GetElapsedTime(started);
            if (pace > TimeSpan.Zero)
                await Task.Delay(pace);
        }
        await probe.Done.WaitAsync(TimeSpan.FromSeconds(delayMs / 1000.0 + 60));
        await host.StopAsync();
        result = new() { ["jobs"] = count, ["p50_ms"] = Math.Round(probe.Percentile(50), 3), ["p99_ms"] = Math.Round(probe.Percentile(99), 3), ["max_ms"] = Math.Round(probe.Percentile(100), 3) };
        break;
    }
    default:
        throw new ArgumentException($"Unknown phase '{phase}'.");
}
result["system"] = "nats";
result["phase"] = phase;
Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
return 0;

static async Task EnqueueBulkAsync(IBroker broker, int count)
{
    var bulk = new BrokerTaskClient(broker);
    var requests = new List<EnqueueRequest>(Batch);
    for (int done = 0; done < count; done += requests.Count)
    {
        requests.Clear();
        for (int i = 0; i < Math.Min(Batch, count - done); i++)
            requests.Add(bulk.CreateRequest(new Noop(0)));
        await broker.EnqueueManyAsync(requests);
    }
}

Dictionary<string, object> Figures(long started, params (string Key, object Value)[] extra)
{
    double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var figures = new Dictionary<string, object> { ["jobs"] = count, ["seconds"] = Math.Round(seconds, 3), ["jobs_per_s"] = Math.Round(count / seconds), ["warmup"] = warmup };
    foreach (var (key, value) in extra)
        figures[key] = value;
    return figures;
}

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
