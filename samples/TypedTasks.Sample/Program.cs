using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks;
using TypedTasks.Redis;
using TypedTasks.Sample;
using TypedTasks.Sample.Tasks;

// The ZIO Backtask quick start in C#: a few typed tasks, two worker loops, and a client that enqueues them.
//   dotnet run --project samples/TypedTasks.Sample                          (in-memory broker)
//   dotnet run --project samples/TypedTasks.Sample -- --redis localhost:6379  (Redis)
string? redis = null;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--redis")
        redis = args[i + 1];
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<DemoLog>();
builder.Services
    .AddTypedTasks(o =>
    {
        if (redis is null)
            o.UseInMemory();
        else
            o.UseRedis(redis, new RedisBrokerOptions { KeyPrefix = "tt-sample" });
    })
    .AddWorker(w => w.Queue("default", concurrency: 4).Queue("math", concurrency: 2))
    .AddWorker(w => w.Queue("mail", concurrency: 1));

using var host = builder.Build();
var log = host.Services.GetRequiredService<DemoLog>();
Console.WriteLine($"TypedTasks sample on {(redis is null ? "the in-memory broker" : $"Redis at {redis}")}");
await host.StartAsync();

JobId sum = await new Add(40, 2).PerformAsync();
await new Add(20, 22).PerformAsync(queue: "default");
await new SaySomething("Hello from TypedTasks!").PerformAsync();
await new CountFromTo(1, 5, DelayMilliseconds: 300).PerformAsync();
await new SendWelcomeMail("ada@example.com", "Welcome aboard", DateTimeOffset.UtcNow).PerformIn(TimeSpan.FromSeconds(1));
log.Expect(2 + 1 + 5 + 1);

try
{
    await log.WaitAsync(TimeSpan.FromSeconds(60));
}
catch (TimeoutException)
{
    Console.Error.WriteLine($"The demo did not finish within 60 s; {log.Lines.Count} job(s) ran.");
    await host.StopAsync();
    return 1;
}

Console.WriteLine($"Done: {log.Lines.Count} jobs ran (first job id {sum}).");
await host.StopAsync();
return 0;
