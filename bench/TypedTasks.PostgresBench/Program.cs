using System.Text.Json;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TypedTasks;
using TypedTasks.BrokerBench;
using TypedTasks.Brokers;
using TypedTasks.Postgres;

// One phase of bench/postgres.sh per process, against the cluster the script started:
//   <tt|hangfire> enqueue-serial | enqueue-bulk  --postgres CS --schema S --count N [--warmup W]
//   <tt|hangfire> drain --concurrency C           (prefills W + N jobs untimed, then times N after W started)
//   tt scheduled --count M --delay-ms D           (lateness of jobs due D ms after their enqueue, spread over 1 s)
// Prints one line: RESULT {json}. Each phase uses a schema of its own, created by the system itself.
var arguments = new BenchArguments(args);
string system = arguments.Word(0, "<tt|hangfire> <phase> --postgres CS ...");
string phase = arguments.Word(1, "<tt|hangfire> <phase> --postgres CS ...");
string postgres = arguments.Option("--postgres") ?? throw new ArgumentException("--postgres is required");
string schema = arguments.Option("--schema") ?? "bench";
int count = arguments.Count, warmup = arguments.Warmup, concurrency = arguments.Concurrency;
const int InFlight = 64;

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
    if (TypedTasksPhases.NeedsWorker(phase))
        typedTasks.AddWorker(w => w.Queue("default", concurrency));
    using var host = builder.Build();
    var broker = (PostgresBroker)host.Services.GetRequiredService<IBroker>();
    await broker.MigrateAsync();
    return await new TypedTasksPhases(host, broker, probe, arguments).RunAsync(phase);
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
            return arguments.Figures(started);
        }
        case "enqueue-bulk":
        {
            // Hangfire has no bulk enqueue (batches are Hangfire Pro): its fastest way is many enqueues at once.
            await EnqueueHangfireConcurrentlyAsync(client, warmup);
            long started = Probe.Now;
            await EnqueueHangfireConcurrentlyAsync(client, count);
            return arguments.Figures(started, ("in_flight", InFlight));
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
            var figures = arguments.Figures(started, ("concurrency", concurrency));
            server.SendStop();
            return figures;
        }
        default:
            throw new ArgumentException($"Unknown phase '{phase}'.");
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
