using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedTasks;
using TypedTasks.Redis;
using TypedTasks.ReliabilityWorker;
using TypedTasks.ReliabilityWorkerSupport;

// reliability worker: --redis host:port --prefix p [--concurrency n] [--prefetch n] [--max-stalls n]
var commandLine = new WorkerCommandLine(args);
string redis = commandLine.Required("--redis");
string prefix = commandLine.Option("--prefix") ?? "rel";
int concurrency = commandLine.Number("--concurrency", 8);
int? prefetch = commandLine.OptionalNumber("--prefetch");
int maxStalls = commandLine.Number("--max-stalls", 2);

// abortConnect=false: the connection test cuts connections from the worker's first moment, and a worker that starts
// while Redis is away should wait for it rather than fail its start (see README, Redis).
redis += ",abortConnect=false";
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
builder.Services.AddSingleton(sp => new RunLog(sp.GetRequiredService<IConnectionMultiplexer>(), prefix));
builder.Services
    .AddTypedTasks(o => o.UseRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), new RedisBrokerOptions { KeyPrefix = prefix, RecoverInterval = TimeSpan.FromMilliseconds(500), MaxStalls = maxStalls }))
    .AddWorker(w =>
    {
        ReliabilityTimings.ServeDefaultQueue(w, concurrency);
        w.Prefetch = prefetch;
    });
using var host = builder.Build();
Console.WriteLine("ready");
await host.RunAsync();
