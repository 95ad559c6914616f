using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using TypedTasks;
using TypedTasks.Hosting;
using TypedTasks.Nats;
using TypedTasks.Nats.ReliabilityWorker;
using TypedTasks.ReliabilityWorkerSupport;

// worker: --nats <url[,url...]> --prefix p [--concurrency n] [--max-stalls n] [--replicas n]
var commandLine = new WorkerCommandLine(args);
string url = commandLine.Required("--nats");
string prefix = commandLine.Option("--prefix") ?? "rel";
int concurrency = commandLine.Number("--concurrency", 8);
int maxStalls = commandLine.Number("--max-stalls", 2);
int replicas = commandLine.Number("--replicas", 1);
var brokerOptions = new NatsBrokerOptions { Prefix = prefix, Replicas = replicas, RecoverInterval = TimeSpan.FromMilliseconds(500), MaxStalls = maxStalls };

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("NATS", LogLevel.Warning);
builder.Services.AddSingleton<INatsConnection>(_ => new NatsConnection(NatsOpts.Default with { Url = url, Name = "reliability-worker" }));
builder.Services.AddSingleton(sp => new RunLog(sp.GetRequiredService<INatsConnection>(), prefix, replicas));
builder.Services
    .AddTypedTasks(o => o.UseNats(sp => sp.GetRequiredService<INatsConnection>(), brokerOptions))
    .AddWorker(w => ReliabilityTimings.ServeDefaultQueue(w, concurrency));
using var host = builder.Build();
await host.Services.GetRequiredService<RunLog>().CreateAsync();
Console.WriteLine("ready");
await host.RunAsync();
