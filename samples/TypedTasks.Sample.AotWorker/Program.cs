using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks;
using TypedTasks.Redis;
using TypedTasks.Sample.AotWorker;

// A NativeAOT worker and its client in one program.
//   work    --redis host:port [--exit-after N]   run the worker (exits 0 after N jobs when given)
//   enqueue --redis host:port [--count N]        enqueue N jobs of the four kinds and exit
string mode = args.FirstOrDefault() ?? "work";
string redis = Option("--redis") ?? Environment.GetEnvironmentVariable("TYPEDTASKS_REDIS") ?? "127.0.0.1:6379";
string prefix = Option("--prefix") ?? "tt-aot";
var started = Stopwatch.GetTimestamp();

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// The target is set before the worker starts: jobs already queued may all finish before StartAsync returns.
var progress = new Progress { Target = Option("--exit-after") is { } target ? int.Parse(target) : int.MaxValue };
builder.Services.AddSingleton(progress);
var typedTasks = builder.Services.AddTypedTasks(o => o.UseRedis(redis, new RedisBrokerOptions { KeyPrefix = prefix }));
if (mode == "work")
    typedTasks.AddWorker(w => w.Queue("default", concurrency: 32).Queue("images", concurrency: 16));

using var host = builder.Build();
await host.StartAsync();

if (mode == "enqueue")
{
    int count = int.Parse(Option("--count") ?? "1000");
    var client = host.Services.GetRequiredService<ITaskClient>();
    var sends = new List<Task>();
    for (int i = 0; i < count; i++)
    {
        sends.Add((i % 4) switch
        {
            0 => new ResizeImage(Guid.NewGuid(), 640, 480).PerformAsync(client).AsTask(),
            1 => new InvoiceTotal($"inv-{i}", [new InvoiceLine("sku-1", 2, 9.99m), new InvoiceLine("sku-2", 1, 5m)]).PerformAsync(client).AsTask(),
            2 => Charge.For(i).PerformAsync(client).AsTask(),
            _ => new Countdown(0).PerformAsync(client).AsTask(),
        });
        if (sends.Count == 64)
        {
            await Task.WhenAll(sends);
            sends.Clear();
        }
    }
    await Task.WhenAll(sends);
    Console.WriteLine($"enqueued {count} jobs to {redis}");
    await host.StopAsync();
    return 0;
}

if (progress.Target != int.MaxValue)
{
    await progress.Done;
    if (progress.Failure is not null)
    {
        Console.Error.WriteLine(progress.Failure);
        await host.StopAsync();
        return 1;
    }
    Console.WriteLine($"{progress.FormatterRoundTrips} jobs read a user-formatter member back intact");
    Console.WriteLine($"first job processed {(progress.FirstJobAt - started) * 1000.0 / Stopwatch.Frequency:0} ms after start");
    Console.WriteLine($"processed {progress.Processed} jobs in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms; " +
        $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    await host.StopAsync();
    return 0;
}

await host.WaitForShutdownAsync();
return 0;

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
