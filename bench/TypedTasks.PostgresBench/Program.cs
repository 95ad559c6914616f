using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TypedTasks;
using TypedTasks.Brokers;
using TypedTasks.Postgres;
using TypedTasks.PostgresBench;

// One phase of bench/postgres.sh per process, against the cluster the script started:
//   <tt|hangfire> enqueue-serial | enqueue-bulk  --postgres CS --schema S --count N [--warmup W]
//   <tt|hangfire> drain --concurrency C           (prefills W + N jobs untimed, then times N after W started)
//   tt scheduled --count M --delay-ms D           (lateness of jobs due D ms after their enqueue, spread over 1 s)
// Prints one line: RESULT {json}. Each phase uses a schema of its own, created by the system itself.
string system = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: <tt|hangfire> <phase> --postgres CS ...");
string phase = args.ElementAtOrDefault(1) ?? throw new ArgumentException("usage: <tt|hangfire> <phase> --postgres CS ...");
string postgres = Option("--postgres") ?? throw new ArgumentException("--postgres is required");
string schema = Option("--schema") ?? "bench";
int count = int.Parse(Option("--count") ?? "10000", CultureInfo.InvariantCulture);
int warmup = int.Parse(Option("--warmup") ?? "0", CultureInfo.InvariantCulture);
int concurrency = int.Parse(Option("--concurrency") ?? "10", CultureInfo.InvariantCulture);
int delayMs = int.Parse(Option("--delay-ms") ?? "2000", CultureInfo.InvariantCulture);
const int InFlight = 64, Batch = 1000;

var probe = new Probe(warmup + count, warmup);
Probe.Current = probe;
var result = system switch
{
    "tt" => await TypedTasksPhaseAsync(),
    "hangfire" => await HangfirePhaseAsync(),
    _ => throw new ArgumentException($"Unknown system '{system}'."),
};
result["system"] = system;
result["phase"] = phase;
Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
return 0;

async Task<Dictionary<string, object>> TypedTasksPhaseAsync()
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddSingleton(probe);
    builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
    var typedTasks = builder.Services.AddTypedTasks(o => o.UseBroker(
        sp => new PostgresBroker(sp.GetRequiredService<NpgsqlDataSource>(), new PostgresBrokerOptions { Schema = schema }), "PostgreSQL"));
    if (phase is "drain" or "scheduled")
        typedTasks.AddWorker(w => w.Queue("default", concurrency));
    using var host = builder.Build();
    var client = host.Services.GetRequiredService<ITaskClient>();
    var broker = (PostgresBroker)host.Services.GetRequiredService<IBroker>();
    await broker.MigrateAsync();
    switch (phase)
    {
        case "enqueue-serial":
        {
            for (int i = 0; i < warmup; i++)
                await new Noop(0).PerformAsync(client);
            long started = Probe.Now;
            for (int i = 0; i < count; i++)
                await new Noop(0).PerformAsync(client);
            return Figures(started);
        }
        case "enqueue-bulk":
        {
            await EnqueueBulkAsync(broker, warmup);
            long started = Probe.Now;
            await EnqueueBulkAsync(broker, count);
            return Figures(started, ("batch", Batch));
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
            var figures = Figures(started, ("concurrency", concurrency));
            await host.StopAsync();
            return figures;
        }
        case "scheduled":
        {
            await host.StartAsync();
            await Task.Delay(500);
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
            return new() { ["jobs"] = count, ["p50_ms"] = Round(probe.Percentile(50)), ["p99_ms"] = Round(probe.Percentile(99)), ["max_ms"] = Round(probe.Percentile(100)) };
        }
        default:
            throw new ArgumentException($"Unknown phase '{phase}'.");
    }
}

async Task<Dictionary<string, object>> HangfirePhaseAsync()
{
    // Hangfire.PostgreSql's defaults poll an empty queue every 15 s; 50 ms keeps an idle server from hiding work.
    var options = new PostgreSqlStorageOptions { SchemaName = schema, QueuePollInterval = TimeSpan.FromMilliseconds(50), PrepareSchemaIfNecessary = true };
    var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(postgres, options), options);
    var client = new BackgroundJobClient(storage);
    switch (phase)
    {
        case "enqueue-serial":
        {
            for (int i = 0; i < warmup; i++)
                client.Enqueue(() => HangfireJobs.Noop(0));
            long started = Probe.Now;
            for (int i = 0; i < count; i++)
                client.Enqueue(() => HangfireJobs.Noop(0));
            return Figures(started);
        }
        case "enqueue-bulk":
        {
            // Hangfire has no bulk enqueue (batches are Hangfire Pro): its fastest way is many enqueues at once.
            await EnqueueHangfireConcurrentlyAsync(client, warmup);
            long started = Probe.Now;
            await EnqueueHangfireConcurrentlyAsync(client, count);
            return Figures(started, ("in_flight", InFlight));
        }
        case "drain":
        {
            await EnqueueHangfireConcurrentlyAsync(client, warmup + count);
            long started = Probe.Now;
            using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = concurrency, Queues = ["default"] }, storage);
            if (warmup > 0)
            {
                await probe.Warm;
                started = Probe.Now;
            }
            await probe.Done;
            var figures = Figures(started, ("concurrency", concurrency));
            server.SendStop();
            return figures;
        }
        default:
            throw new ArgumentException($"Unknown phase '{phase}'.");
    }
}

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

static async Task EnqueueHangfireConcurrentlyAsync(BackgroundJobClient client, int count)
{
    int next = -1;
    await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => Task.Run(() =>
    {
        while (Interlocked.Increment(ref next) < count)
            client.Enqueue(() => HangfireJobs.Noop(0));
    })));
}

Dictionary<string, object> Figures(long started, params (string Key, object Value)[] extra)
{
    double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var figures = new Dictionary<string, object> { ["jobs"] = count, ["seconds"] = Round(seconds), ["jobs_per_s"] = Math.Round(count / seconds), ["warmup"] = warmup };
    foreach (var (key, value) in extra)
        figures[key] = value;
    return figures;
}

static double Round(double value) => Math.Round(value, 3);

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
