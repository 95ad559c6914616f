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
//   drain --count N --concurrency C [--warmup W] [--trace-broker]   (the queue was prefilled with N + W jobs)
//   latency --count M [--warmup W]                        (enqueue→start with an idle worker, one job at a time)
//   scheduled --count M --delay-ms 2000 [--warmup W]      (lateness of jobs due delay-ms after their enqueue)
// Each phase prints one line: RESULT {json}. With --warmup W, a throughput phase first runs W jobs the same way,
// untimed, so the figure is the steady state of a warm process (the JIT has tiered up the hot code), as BenchmarkDotNet
// and the BullMQ side do; "jobs" and "seconds" then cover the N timed jobs only. The enqueue phases and the drain go on
// warming up until the JIT is quiet (WarmUpAsync, SettleAsync); "warmup" reports how many untimed jobs ran.
string phase = args.FirstOrDefault() ?? throw new ArgumentException("usage: <phase> --redis host:port --count N [--concurrency C]");
string redis = Option("--redis") ?? "127.0.0.1:6379";
int count = int.Parse(Option("--count") ?? "100000", CultureInfo.InvariantCulture);
int concurrency = int.Parse(Option("--concurrency") ?? "10", CultureInfo.InvariantCulture);
int delayMs = int.Parse(Option("--delay-ms") ?? "2000", CultureInfo.InvariantCulture);
int warmup = int.Parse(Option("--warmup") ?? "0", CultureInfo.InvariantCulture);
const string Queue = "default";
const string SettlePrefix = "bench-settle";
const int SettleRounds = 10;
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
// --trace-broker (drain only) counts the worker's broker calls; see TracingBroker.
TracingBroker? tracing = null;
var brokerOptions = new RedisBrokerOptions { KeyPrefix = "bench" };
var typedTasks = builder.Services.AddTypedTasks(o => _ = args.Contains("--trace-broker")
    ? o.UseBroker(_ => tracing = new TracingBroker(new RedisBroker(redis, brokerOptions)), "Redis, traced")
    : o.UseRedis(redis, brokerOptions));
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
        int warm = await WarmUpAsync(warmup, 500, async jobs =>
        {
            for (int i = 0; i < jobs; i++)
                await new Noop(0).PerformAsync(client);
        });
        var started = StartClock();
        for (int i = 0; i < count; i++)
            await new Noop(0).PerformAsync(client);
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["warmup"] = warm });
        break;
    }
    case "enqueue-concurrent":
    {
        const int InFlight = 64;
        int warm = await WarmUpAsync(warmup, 2000, jobs => EnqueueConcurrentlyAsync(client, jobs, InFlight));
        var started = StartClock();
        await EnqueueConcurrentlyAsync(client, count, InFlight);
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["in_flight"] = InFlight, ["warmup"] = warm });
        break;
    }
    case "enqueue-bulk":
    {
        int warm = await WarmUpAsync(warmup, 2000, jobs => EnqueueBulkAsync(client, jobs));
        var started = StartClock();
        await EnqueueBulkAsync(client, count);
        Report(new() { ["jobs"] = count, ["seconds"] = Seconds(started), ["batch"] = 1000, ["warmup"] = warm });
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
        if (warmup > 0 && HasJit())
        {
            // The drain's settling jobs, queued here so that their enqueue stays out of the drain's Redis counters.
            await using var settle = new RedisBroker(redis, new RedisBrokerOptions { KeyPrefix = SettlePrefix });
            await EnqueueBulkAsync(new BrokerTaskClient(settle), SettleRounds * warmup);
        }
        break;
    }
    case "drain":
    {
        // Timed from the worker's start to the last job's start, as the BullMQ side times its worker; then the
        // worker is stopped once the queue shows nothing pending or active, so run.sh's counters include every ack.
        // With a warm-up, a worker of its own first runs jobs prefilled under another key prefix until the JIT is done
        // tiering up, then this worker runs the prefilled warm-up jobs and the clock starts when the last of them
        // starts.
        // NativeAOT has no JIT to settle. The settling jobs left over stay in Redis through the timed drain (10 times
        // the warm-up are queued, a JIT process runs 5-8 times it): prefilled for an AOT drain too, nearly all of them
        // were left, a keyspace of 1.1 million keys instead of 0.3-0.6 million.
        int settling = warmup > 0 && HasJit() ? await SettleAsync(redis, concurrency) : 0;
        var started = StartClock();
        await host.StartAsync();
        if (warmup > 0)
        {
            await probe.Warm;
            started = StartClock();
            tracing?.Take();
        }
        await probe.Done;
        double seconds = Seconds(started);
        var traced = tracing?.Take();
        await WaitUntilEmptyAsync(broker);
        await host.StopAsync();
        var values = new Dictionary<string, double> { ["jobs"] = count, ["seconds"] = seconds, ["concurrency"] = concurrency, ["warmup"] = warmup + settling };
        foreach (var (name, value) in traced ?? [])
            values[name] = value;
        Report(values);
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

// Runs the jobs prefilled under SettlePrefix through a worker of its own (same concurrency) until the JIT has compiled
// nothing for four quarter-seconds in a row with at least 250 jobs run in each, or they run out, or 30 s pass; returns
// how many ran. After a warm-up of 20 000 jobs alone, tiered compilation still recompiled 200-1 300 hot methods
// (0.1-1.9 s of JIT CPU) in the timed part, which on 2 cores made the drain 2-6x slower than the warm process it is
// meant to measure. Pausing the queue to wait for the JIT does not do: methods are promoted by the calls they get after
// the tiering delay, so the hot path has to keep running.
static async Task<int> SettleAsync(string redis, int concurrency)
{
    var probe = new Probe(int.MaxValue, StampKind.None);
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddSingleton(probe);
    builder.Services.AddTypedTasks(o => o.UseRedis(redis, new RedisBrokerOptions { KeyPrefix = SettlePrefix }))
        .AddWorker(w => w.Queue(Queue, concurrency));
    using var host = builder.Build();
    await host.StartAsync();
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
    // The worker's start (connecting, loading scripts) comes before the jobs flow.
    while (probe.Count < 1000 && Stopwatch.GetTimestamp() < deadline)
        await Task.Delay(10);
    long compiled = JitInfo.GetCompiledMethodCount();
    int ran = probe.Count, quiet = 0;
    while (quiet < 4 && Stopwatch.GetTimestamp() < deadline)
    {
        await Task.Delay(250);
        long nowCompiled = JitInfo.GetCompiledMethodCount();
        int nowRan = probe.Count;
        if (nowRan - ran < 250)
            break;
        quiet = nowCompiled == compiled ? quiet + 1 : 0;
        (compiled, ran) = (nowCompiled, nowRan);
    }
    // The jobs the worker holds go back to their queue; the rest stay there, outside the drain's queue.
    await host.StopAsync();
    return probe.Count;
}

// An enqueue phase's warm-up: its loop runs untimed for the warm-up jobs asked, then on in steps of `step` jobs until
// the JIT has compiled nothing for four quarter-seconds in a row, or ten times the jobs asked ran (as many as the
// drain settles with), or 30 s pass. Returns how many jobs it ran, which the report counts as warm-up (run.sh divides
// the phase's Redis CPU by every job it stored). After 20 000 jobs alone the concurrent enqueue still compiled 1 600
// methods (0.8 s of JIT CPU) in its timed part, and its client CPU per job was 19.7 us against 11.1 us after a warm-up
// of 100 000: the settle the drain has (SettleAsync), for the enqueues.
static async Task<int> WarmUpAsync(int warmup, int step, Func<int, Task> run)
{
    if (warmup <= 0)
        return 0;
    await run(warmup);
    int ran = warmup, quiet = 0;
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
    long compiled = JitInfo.GetCompiledMethodCount();
    long checkedAt = Stopwatch.GetTimestamp();
    while (quiet < 4 && ran < SettleRounds * warmup && Stopwatch.GetTimestamp() < deadline)
    {
        await run(step);
        ran += step;
        if (Stopwatch.GetElapsedTime(checkedAt) < TimeSpan.FromMilliseconds(250))
            continue;
        long nowCompiled = JitInfo.GetCompiledMethodCount();
        quiet = nowCompiled == compiled ? quiet + 1 : 0;
        (compiled, checkedAt) = (nowCompiled, Stopwatch.GetTimestamp());
    }
    return ran;
}

static bool HasJit() => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled;

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
