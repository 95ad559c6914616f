using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using TypedTasks;
using TypedTasks.Hosting;
using TypedTasks.Nats;
using TypedTasks.Nats.ReliabilityWorker;

// worker: --nats <url[,url...]> --prefix p [--concurrency n] [--max-stalls n] [--replicas n]
string url = Option("--nats") ?? throw new ArgumentException("--nats is required");
string prefix = Option("--prefix") ?? "rel";
int concurrency = int.Parse(Option("--concurrency") ?? "8");
int maxStalls = int.Parse(Option("--max-stalls") ?? "2");
int replicas = int.Parse(Option("--replicas") ?? "1");
var brokerOptions = new NatsBrokerOptions { Prefix = prefix, Replicas = replicas, RecoverInterval = TimeSpan.FromMilliseconds(500), MaxStalls = maxStalls };

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("NATS", LogLevel.Warning);
builder.Services.AddSingleton<INatsConnection>(_ => new NatsConnection(NatsOpts.Default with { Url = url, Name = "reliability-worker" }));
builder.Services.AddSingleton(sp => new RunLog(sp.GetRequiredService<INatsConnection>(), prefix, replicas));
builder.Services
    .AddTypedTasks(o => o.UseNats(sp => sp.GetRequiredService<INatsConnection>(), brokerOptions))
    .AddWorker(w =>
    {
        w.Queue("default", concurrency);
        w.LeaseDuration = TimeSpan.FromSeconds(3);
        w.HeartbeatInterval = TimeSpan.FromSeconds(1);
        w.RecoverInterval = TimeSpan.FromMilliseconds(500);
    });
using var host = builder.Build();
await host.Services.GetRequiredService<RunLog>().CreateAsync();
Console.WriteLine("ready");
await host.RunAsync();

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
