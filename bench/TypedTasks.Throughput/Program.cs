using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks;
using TypedTasks.Brokers;
using TypedTasks.Redis;
using TypedTasks.Throughput;

// The TypedTasks side of bench/run.sh: one phase per process, so run.sh can read Redis's counters around each phase.
//   enqueue-serial | enqueue-concurrent | enqueue-bulk | prefill   --count N [--warmup W]
//   stackexchange-lpush --count N [--warmup W]             (StackExchange.Redis alone: awaited LPUSH, one at a time)
//   drain --count N --concurrency C [--warmup W]   (the queue was prefilled with N + W jobs)
//   latency --count M [--warmup W]                        (enqueue→start with an idle worker, one job at a time)
//   scheduled --count M --delay-ms 2000 [--warmup W]      (lateness of jobs due delay-ms after their enqueue)
// Each phase prints one line: RESULT {json}. With --warmup W, a throughput phase first runs W jobs the same way,
// untimed, so the figure is the steady state of a warm process (the JIT has tiered up the hot code), as BenchmarkDotNet
// and the BullMQ side do; "jobs" and "seconds" then cover the N timed jobs only.
string phase = args.FirstOrDefault() ?? throw new ArgumentException("usage: <phase> --redis host:port --count N [--concurrency C]");
string redis = Option("--redis") ?? "127.0.0.1:6379";
int count = int.Parse(Option("--count") ?? "100000", CultureInfo.InvariantCulture);
int concurrency = int.Parse(Option("--concurrency") ?? "10", CultureInfo.InvariantCulture);
int delayMs = int.Parse(Option("--delay-ms") ?? "2000", CultureInfo.InvariantCulture);
int warmup = int.Parse(Option("--warmup") ?? "0", CultureInfo.InvariantCulture);
const string Queue = "default";
long jitMethodsAtStart = -1;
TimeSpan jitTimeAtStart = TimeSpan.Zero;
TimeSpan cpuAtStart = TimeSpan.Zero;
long allocatedAtStart = 0, workItemsAtStart = 0;

bool warms = phase is "drain" or "latency" or "scheduled";
var probe = new Probe(warms ? warmup + count : count, phase switch
{
    "latency" => StampKind.EnqueuedAt,
    "scheduled" => StampKind.DueAt,
    _ => StampKind.None,
}, warms ? warmup : 0);
bool runsWorker = phase is "drain" or "latency" or "scheduled";

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(probe);
var typedTasks = builder.Services.AddTypedTasks(o => o.UseRedis(redis, new RedisBrokerOptions { KeyPrefix = "bench" }));
if (runsWorker)
    typedTasks.AddWorker(w => w.Queue(Queue, concurrency));
using var host = builder.Build();
var client = host.Services.GetRequiredService<ITaskClient>();
var broker = host.Services.GetRequiredService<IBroker>();
await broker.PingAsync();

switch (phase)
{
    case "enqueue-serial":
    {
        for (int i = 0; i < warmup; i++)
            await new Noop(0).PerformAsync(client);
        var started = StartClock();
        for (int i = 0; i < count; i++)
            await new Noop(0).PerformAsync(client);
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["warmup"] = warmup });
        break;
    }
    case "enqueue-concurrent":
    {
        const int InFlight = 64;
        await EnqueueConcurrentlyAsync(client, warmup, InFlight);
        var started = StartClock();
        await EnqueueConcurrentlyAsync(client, count, InFlight);
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["in_flight"] = InFlight, ["warmup"] = warmup });
        break;
    }
    case "enqueue-bulk":
    {
        await EnqueueBulkAsync(client, warmup);
        var started = StartClock();
        await EnqueueBulkAsync(client, count);
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["batch"] = 1000, ["warmup"] = warmup });
        break;
    }
    case "stackexchange-lpush":
    {
        // The floor under a sequential enqueue on this transport: StackExchange.Redis itself, one awaited LPUSH at a
        // time on a multiplexer of its own, no TypedTasks code and no script.
        await using var redisOnly = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis);
        var db = redisOnly.GetDatabase();
        for (int i = 0; i < warmup; i++)
            await db.ListLeftPushAsync("bench:lpush", "x");
        var started = StartClock();
        for (int i = 0; i < count; i++)
            await db.ListLeftPushAsync("bench:lpush", "x");
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["warmup"] = warmup });
        break;
    }
    case "prefill":
    {
        var started = Stopwatch.GetTimestamp();
        await EnqueueBulkAsync(client, warmup + count);
        Report(new() { ["jobs"] = warmup + count, ["seconds"] = Seconds(started), ["batch"] = 1000 });
        break;
    }
    case "drain":
    {
        // Timed from the worker's start to the last job's start, as the BullMQ side times its worker; then the
        // worker is stopped once the queue shows nothing pending or active, so run.sh's counters include every ack.
        // With a warm-up, the clock starts when the last warm-up job starts.
        var started = StartClock();
        await host.StartAsync();
        if (warmup > 0)
        {
            await probe.Warm;
            started = StartClock();
        }
        await probe.Done;
        double seconds = Seconds(started);
        await WaitUntilEmptyAsync(broker);
        await host.StopAsync();
        Report(new() { ["jobs"] = count, ["seconds"] = seconds, ["concurrency"] = concurrency, ["warmup"] = warmup });
        break;
    }
    case "latency":
    {
        await host.StartAsync();
        // Let the worker finish starting and go idle before the first sample; warm-up samples are not counted.
        await Task.Delay(500);
        await MeasureLatencyAsync(client, probe, warmup);
        await MeasureLatencyAsync(client, probe, count);
        await host.StopAsync();
        Report(new() { ["jobs"] = count, ["p50_ms"] = probe.Percentile(50), ["p99_ms"] = probe.Percentile(99), ["max_ms"] = probe.Percentile(100) });
        break;
    }
    case "scheduled":
    {
        await host.StartAsync();
        await Task.Delay(500);
        // Warm-up jobs are due 200 ms after their enqueue and all start before the measured ones are scheduled.
        if (warmup > 0)
        {
            await ScheduleAsync(client, warmup, 200, TimeSpan.FromMilliseconds(warmup));
            await probe.Warm.WaitAsync(TimeSpan.FromSeconds(60));
        }
        // Spread over about a second, so the figure is the scheduler's precision rather than a burst's queueing.
        await ScheduleAsync(client, count, delayMs, TimeSpan.FromSeconds(1));
        await probe.Done.WaitAsync(TimeSpan.FromSeconds(delayMs / 1000.0 + 60));
        await host.StopAsync();
        Report(new() { ["jobs"] = count, ["p50_ms"] = probe.Percentile(50), ["p99_ms"] = probe.Percentile(99), ["max_ms"] = probe.Percentile(100) });
        break;
    }
    default:
        throw new ArgumentException($"Unknown phase '{phase}'.");
}
return 0;

static async Task MeasureLatencyAsync(ITaskClient client, Probe probe, int count)
{
    for (int i = 0; i < count; i++)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.NextStarted = next;
        await new Noop(Stopwatch.GetTimestamp()).PerformAsync(client);
        await next.Task;
        // An idle worker is waiting for work, not finishing the previous job's ack.
        await Task.Delay(2);
    }
}

static async Task ScheduleAsync(ITaskClient client, int count, int delayMs, TimeSpan spread)
{
    var started = Stopwatch.GetTimestamp();
    for (int i = 0; i < count; i++)
    {
        var due = DateTimeOffset.UtcNow.AddMilliseconds(delayMs);
        await new Noop(due.UtcTicks).PerformAt(client, due);
        var pace = spread * (i + 1) / count - Stopwatch.GetElapsedTime(started);
        if (pace > TimeSpan.Zero)
            await Task.Delay(pace);
    }
}

static async Task EnqueueConcurrentlyAsync(ITaskClient client, int count, int inFlight)
{
    int next = -1;
    await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
            await new Noop(0).PerformAsync(client);
    }));
}

static async Task EnqueueBulkAsync(ITaskClient client, int count)
{
    const int Batch = 1000;
    var tasks = new List<Noop>(Batch);
    for (int done = 0; done < count; done += tasks.Count)
    {
        tasks.Clear();
        for (int i = 0; i < Math.Min(Batch, count - done); i++)
            tasks.Add(new Noop(0));
        await client.PerformManyAsync(tasks);
    }
}

static async Task WaitUntilEmptyAsync(IBroker broker)
{
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
    while (Stopwatch.GetTimestamp() < deadline)
    {
        var stats = await broker.GetQueueStatsAsync(Queue);
        if (stats.Pending == 0 && stats.Active == 0)
            return;
        await Task.Delay(10);
    }
    throw new TimeoutException("The queue still holds pending or active jobs 30 s after the last job started.");
}

static double Seconds(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;

// Starts a phase's clock and notes the JIT's work so far: tiered compilation recompiles the hot methods on a
// background thread for a few seconds after they first run, which on 2 cores takes CPU from the phase. Report prints
// what the JIT did after the clock started, so a figure shows whether its process was warm.
long StartClock()
{
    jitMethodsAtStart = JitInfo.GetCompiledMethodCount();
    jitTimeAtStart = JitInfo.GetCompilationTime();
    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    allocatedAtStart = GC.GetTotalAllocatedBytes();
    workItemsAtStart = ThreadPool.CompletedWorkItemCount;
    return Stopwatch.GetTimestamp();
}

void Report(Dictionary<string, double> values)
{
    // Thread-pool work items over the whole process: each one may wake a pool thread, which on few cores is much of a
    // job's cost.
    values["work_items"] = ThreadPool.CompletedWorkItemCount;
    values["allocated_mb"] = GC.GetTotalAllocatedBytes() / 1048576.0;
    values["gen0_gcs"] = GC.CollectionCount(0);
    if (jitMethodsAtStart >= 0)
    {
        // Per timed job, from the clock's start to now: process CPU (every thread), bytes allocated, work items.
        double jobs = values["jobs"];
        values["timed_cpu_us_per_job"] = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMicroseconds / jobs;
        values["timed_bytes_per_job"] = (GC.GetTotalAllocatedBytes() - allocatedAtStart) / jobs;
        values["timed_work_items_per_job"] = (ThreadPool.CompletedWorkItemCount - workItemsAtStart) / jobs;
        values["timed_jit_methods"] = JitInfo.GetCompiledMethodCount() - jitMethodsAtStart;
        values["timed_jit_ms"] = (JitInfo.GetCompilationTime() - jitTimeAtStart).TotalMilliseconds;
    }
    Console.WriteLine("RESULT {" + string.Join(",", values.Select(v => $"\"{v.Key}\":{v.Value.ToString("0.######", CultureInfo.InvariantCulture)}")) + "}");
}

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
