using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks.Redis;
using StackExchange.Redis;
using TypedTasks;
using TypedTasks.ReliabilityWorker;

// reliability worker: --redis host:port --prefix p [--concurrency n] [--prefetch n] [--max-stalls n]
string redis = Option("--redis") ?? throw new ArgumentException("--redis is required");
string prefix = Option("--prefix") ?? "rel";
int concurrency = int.Parse(Option("--concurrency") ?? "8");
int? prefetch = Option("--prefetch") is { } p ? int.Parse(p) : null;
int maxStalls = int.Parse(Option("--max-stalls") ?? "2");

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
        w.Queue("default", concurrency);
        w.LeaseDuration = TimeSpan.FromSeconds(3);
        w.HeartbeatInterval = TimeSpan.FromSeconds(1);
        w.RecoverInterval = TimeSpan.FromMilliseconds(500);
        w.Prefetch = prefetch;
    });
using var host = builder.Build();
Console.WriteLine("ready");
await host.RunAsync();

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
