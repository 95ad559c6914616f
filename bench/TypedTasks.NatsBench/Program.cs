using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks;
using TypedTasks.BrokerBench;
using TypedTasks.Brokers;
using TypedTasks.Nats;

// One phase of bench/nats.sh per process, against the nats-server the script started:
//   enqueue-serial | enqueue-bulk  --nats URL --prefix P --count N [--warmup W]
//   drain --concurrency C          (prefills W + N jobs untimed, then times N after W started)
//   scheduled --count M --delay-ms D  (lateness of jobs due D ms after their enqueue, spread over 1 s)
// Prints one line: RESULT {json}. Each phase uses buckets of its own (prefix P).
var arguments = new BenchArguments(args);
string phase = arguments.Word(0, "<phase> --nats URL ...");
string url = arguments.Option("--nats") ?? throw new ArgumentException("--nats is required");
string prefix = arguments.Option("--prefix") ?? "bench";

var probe = new Probe(arguments.Warmup + arguments.Count, arguments.Warmup);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(probe);
var typedTasks = builder.Services.AddTypedTasks(o => o.UseNats(url, new NatsBrokerOptions { Prefix = prefix }));
if (TypedTasksPhases.NeedsWorker(phase))
    typedTasks.AddWorker(w => w.Queue("default", arguments.Concurrency));
using var host = builder.Build();
var broker = (NatsBroker)host.Services.GetRequiredService<IBroker>();
await broker.StartAsync();
var result = await new TypedTasksPhases(host, broker, probe, arguments).RunAsync(phase);
result["system"] = "nats";
result["phase"] = phase;
Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
return 0;
