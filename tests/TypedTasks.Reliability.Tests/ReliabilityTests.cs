using System.Diagnostics;
using TypedTasks.Brokers;
using TypedTasks.Redis;
using StackExchange.Redis;
using TypedTasks.ReliabilityWorker;
using Record = TypedTasks.ReliabilityWorker.Record;
using TypedTasks.TestSupport.Redis;
using TypedTasks.TestSupport.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace TypedTasks.Reliability.Tests;

/// <summary>
/// Real worker processes and a real redis-server, killed for real. N is small by default so CI stays fast;
/// TT_RELIABILITY_FULL=1 runs the full sizes.
/// </summary>
public sealed class ReliabilityTests(ITestOutputHelper output)
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("TT_RELIABILITY_FULL") == "1";

    /// <summary>How long the restart scenario's client waits after a refused enqueue before the next, so that it does not spin on a server that is down.</summary>
    private static readonly TimeSpan s_pauseAfterRefusal = TimeSpan.FromMilliseconds(20);

    private static async Task<List<JobId>> EnqueueRecordsAsync(string redis, string prefix, int count, int pauseMs)
    {
        await using var broker = new RedisBroker(redis, new RedisBrokerOptions { KeyPrefix = prefix });
        return await NumberedJobs.EnqueueAsync(broker, count, (client, number) => client.CreateRequest(new Record(number, pauseMs)));
    }

    private static async Task<Dictionary<int, int>> RunsAsync(IDatabase redis, string prefix)
    {
        var runs = new Dictionary<int, int>();
        foreach (var entry in await redis.HashGetAllAsync(prefix + ":runs"))
            runs[(int)entry.Name] = (int)entry.Value;
        return runs;
    }

    private static async Task<long> UsedMemoryAsync(IDatabase redis)
    {
        string info = (string)(await redis.ExecuteAsync("INFO", "memory"))!;
        string line = info.Split("\r\n").Single(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return long.Parse(line["used_memory:".Length..]);
    }

    /// <summary>used_memory's growth since the start once the test's run log is gone, asserted under 1 MB.</summary>
    private static async Task<long> MemoryGrowthAsync(IDatabase redis, string prefix, long memoryAtStart)
    {
        // DEL, not KeyDeleteAsync: StackExchange.Redis sends UNLINK, which frees the run log in the background, after
        // used_memory is read.
        await redis.ExecuteAsync("DEL", prefix + ":runs");
        long growth = await UsedMemoryAsync(redis) - memoryAtStart;
        Assert.True(growth < 1024 * 1024, $"Redis holds {growth} more bytes than before the run");
        return growth;
    }

    private static async Task<long> JobKeysAsync(IDatabase redis, string prefix)
    {
        long count = 0;
        await foreach (var _ in redis.Multiplexer.GetServers()[0].KeysAsync(pattern: prefix + ":*job:*", pageSize: 1000))
            count++;
        return count;
    }

    /// <summary>The jobs a dead worker still holds: in the queue's active set, leased to its process (all, or among <paramref name="among"/>).</summary>
    private static async Task<IReadOnlyCollection<string>> HeldByAsync(IDatabase redis, string prefix, int processId, IReadOnlyCollection<string>? among)
    {
        var held = new List<string>();
        var candidates = among ?? (await redis.SortedSetRangeByRankAsync(prefix + ":{default}:active")).Select(m => (string)m!).ToList();
        foreach (string id in candidates)
        {
            if (await IsHeldByAsync(redis, prefix, id, processId))
                held.Add(id);
        }
        return held;
    }

    /// <summary>Whether the job's last lease went to the process (the worker id in its hash: <c>machine:pid:suffix</c>).</summary>
    private static async Task<bool> LeasedToAsync(IDatabase redis, string prefix, string id, int processId)
    {
        string? worker = await redis.HashGetAsync(prefix + ":{default}:job:" + id, "w");
        return worker is not null && worker.Contains($":{processId}:", StringComparison.Ordinal);
    }

    private static async Task<bool> IsHeldByAsync(IDatabase redis, string prefix, string id, int processId) =>
        await redis.SortedSetScoreAsync(prefix + ":{default}:active", id) is not null
        && await LeasedToAsync(redis, prefix, id, processId);

    [Fact]
    public async Task Workers_killed_at_random_lose_no_job()
    {
        int jobs = Full ? 20_000 : 3_000, minimumKills = Full ? 20 : 6;
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        string prefix = "chaos";
        long memoryAtStart = await UsedMemoryAsync(redis);
        // Slow enough that the kills land while jobs run: 3 workers × 8 run about 24 jobs at a time.
        var ids = await EnqueueRecordsAsync(server.ConnectionString, prefix, jobs, pauseMs: Full ? 40 : 80);
        var numberOf = ids.Select((id, number) => (id.Value, number)).ToDictionary(p => p.Value, p => p.number);
        await using var broker = new RedisBroker(server.ConnectionString, new RedisBrokerOptions { KeyPrefix = prefix });
        var drill = new KillDrill
        {
            // Kills here are chaos, not poison: a job may be held by several killed workers in a row, so the stall limit
            // (which turns a job that keeps killing its worker into a dead job) is raised; poison jobs have their own test.
            StartWorker = () => RedisWorker.Start(server.ConnectionString, prefix, maxStalls: 50),
            Runs = async () => await RunsAsync(redis, prefix),
            HeldBy = (processId, among) => HeldByAsync(redis, prefix, processId, among),
            Describe = async () => (await broker.GetQueueStatsAsync("default")).ToString(),
            Settled = async () => await broker.GetQueueStatsAsync("default") is { Pending: 0, Active: 0, Scheduled: 0, Retry: 0 }
                && await JobKeysAsync(redis, prefix) == 0,
        };
        var result = await drill.RunAsync(jobs, numberOf, TimeSpan.FromMinutes(Full ? 10 : 4));
        output.WriteLine(result.AssertNothingLost(await RunsAsync(redis, prefix), jobs, minimumKills));
        long growth = await MemoryGrowthAsync(redis, prefix, memoryAtStart);
        output.WriteLine($"used_memory grew by {growth} bytes after draining {jobs} jobs");
    }

    [Fact]
    public async Task Draining_jobs_with_default_retention_leaves_no_job_key_and_Redis_memory_as_it_was()
    {
        int jobs = Full ? 100_000 : 10_000;
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        string prefix = "memory";
        long memoryAtStart = await UsedMemoryAsync(redis);
        await EnqueueRecordsAsync(server.ConnectionString, prefix, jobs, pauseMs: 0);
        var stopwatch = Stopwatch.StartNew();
        using (RedisWorker.Start(server.ConnectionString, prefix, concurrency: 16))
        {
            await Conditions.WaitAsync(async () => await redis.HashLengthAsync(prefix + ":runs") == jobs,
                TimeSpan.FromMinutes(Full ? 5 : 2), $"{jobs} jobs to run");
            await using var broker = new RedisBroker(server.ConnectionString, new RedisBrokerOptions { KeyPrefix = prefix });
            await Conditions.WaitAsync(async () => await broker.GetQueueStatsAsync("default") is { Pending: 0, Active: 0 },
                TimeSpan.FromSeconds(30), "the last acks");
        }
        Assert.Equal(0, await JobKeysAsync(redis, prefix));
        long growth = await MemoryGrowthAsync(redis, prefix, memoryAtStart);
        output.WriteLine($"{jobs} jobs drained in {stopwatch.Elapsed.TotalSeconds:0.0} s; used_memory grew by {growth} bytes, no job key left");
    }

    [Fact]
    public async Task Every_accepted_enqueue_survives_a_Redis_restart_and_workers_reconnect()
    {
        int jobs = Full ? 5_000 : 1_000;
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = true });
        string prefix = "restart";
        using var worker = RedisWorker.Start(server.ConnectionString, prefix);
        await using var broker = new RedisBroker(server.ConnectionString, new RedisBrokerOptions { KeyPrefix = prefix });
        var client = new BrokerTaskClient(broker);
        var accepted = new List<int>();
        var fifthAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restart = Task.Run(async () =>
        {
            await fifthAccepted.Task;
            await server.RestartAsync(TimeSpan.FromSeconds(2));
        });
        // An enqueue either fails or waits in the client's backlog until Redis is back: either way it met the restart.
        // The restart begins once a fifth of the jobs are in, and the enqueues go on until it is over, so it falls among them.
        var longest = TimeSpan.Zero;
        int failed = 0;
        for (int i = 0; i < jobs || (fifthAccepted.Task.IsCompleted && !restart.IsCompleted); i++)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                await client.EnqueueAsync(new Record(i, 0));
                accepted.Add(i);
                if (accepted.Count == jobs / 5)
                    fifthAccepted.SetResult();
                longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, Stopwatch.GetElapsedTime(started).Ticks));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                failed++;
                await Task.Delay(s_pauseAfterRefusal);
            }
        }
        Assert.True(fifthAccepted.Task.IsCompleted, $"only {accepted.Count} of {jobs} enqueues were accepted before the restart");
        await restart;

        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        await Conditions.WaitAsync(async () => accepted.All((await RunsAsync(redis, prefix)).ContainsKey), TimeSpan.FromSeconds(60), "every accepted job to run");
        output.WriteLine($"{accepted.Count} enqueues accepted, {failed} refused around the restart, the longest accepted one took {longest.TotalMilliseconds:0} ms; every accepted job ran");
        Assert.True(failed > 0 || longest >= TimeSpan.FromSeconds(1), "no enqueue met the restart; the test proved nothing");
    }

    [Fact]
    public async Task Connections_killed_in_a_loop_lose_no_job_and_stall_no_worker()
    {
        // 8 runners × 20 ms jobs: the run lasts jobs / 400 s at least (3.75 s in CI), so the cuts land while jobs run.
        int jobs = Full ? 5_000 : 1_500, minimumCuts = Full ? 30 : 10;
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        string prefix = "cuts";
        var ids = await EnqueueRecordsAsync(server.ConnectionString, prefix, jobs, pauseMs: 20);
        using var worker = RedisWorker.Start(server.ConnectionString, prefix);
        using var stop = new CancellationTokenSource();
        int cuts = 0;
        var killer = Task.Run(async () =>
        {
            await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(150);
                try
                {
                    // Every connection but this one: the worker's (commands and wake-up subscriptions), the run log's and
                    // the test's own.
                    await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                    await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes");
                    Interlocked.Increment(ref cuts);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    // Our own connection may be cut by a concurrent kill.
                }
            }
        });

        try
        {
            await Conditions.WaitAsync(async () =>
            {
                try
                {
                    return (await RunsAsync(redis, prefix)).Count == jobs;
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(90), "every job to run while connections are cut");
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            await killer;
            output.WriteLine(await DescribeMissingAsync(server.ConnectionString, prefix, ids, await RunsAsync(redis, prefix)));
            throw;
        }
        int cutsWhileWorking = Volatile.Read(ref cuts);
        await stop.CancelAsync();
        await killer;
        await using var broker = new RedisBroker(server.ConnectionString, new RedisBrokerOptions { KeyPrefix = prefix });
        var stats = await broker.GetQueueStatsAsync("default");
        output.WriteLine($"{jobs} jobs ran through {cutsWhileWorking} rounds of CLIENT KILL; {stats.Failed} attempts failed on a cut connection and were retried");
        Assert.True(cutsWhileWorking >= minimumCuts, $"only {cutsWhileWorking} rounds of CLIENT KILL landed while jobs ran");
    }

    /// <summary>Each job that has not run yet, with its state, failures, due time and last error.</summary>
    private static async Task<string> DescribeMissingAsync(string connectionString, string prefix, List<JobId> ids, Dictionary<int, int> runs)
    {
        await using var broker = new RedisBroker(connectionString, new RedisBrokerOptions { KeyPrefix = prefix });
        var lines = new List<string> { $"{ids.Count - runs.Count} jobs have not run ({DateTimeOffset.UtcNow:HH:mm:ss.fff}):" };
        for (int number = 0; number < ids.Count; number++)
        {
            if (runs.ContainsKey(number))
                continue;
            var job = await broker.GetJobAsync(ids[number]);
            lines.Add(job is null
                ? $"  {number}: no job hash"
                : $"  {number}: {job.State}, {job.Failures} failures, {job.Stalls} stalls, due {job.DueAt:HH:mm:ss.fff}, last error: {job.LastError}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    [Fact]
    public async Task A_job_that_kills_its_worker_ends_dead_and_the_others_run()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        string prefix = "poison";
        await using var broker = new RedisBroker(server.ConnectionString, new RedisBrokerOptions { KeyPrefix = prefix });
        var client = new BrokerTaskClient(broker);
        var poison = await client.EnqueueAsync(new Crash("poison pill"));
        await EnqueueRecordsAsync(server.ConnectionString, prefix, 50, pauseMs: 200);
        // Eight jobs at a time plus prefetch: the first crash stalls every job the worker held, and each of them then
        // runs alone, so only the poison pill stalls again and reaches the limit.
        var worker = RedisWorker.Start(server.ConnectionString, prefix);
        int restarts = 0;
        try
        {
            await Conditions.WaitAsync(async () =>
            {
                if (worker.HasExited)
                {
                    // A supervisor (systemd, Kubernetes) restarts the crashed worker.
                    worker.Dispose();
                    worker = RedisWorker.Start(server.ConnectionString, prefix);
                    restarts++;
                }
                var job = await broker.GetJobAsync(poison);
                return job?.State == JobState.Dead && (await RunsAsync(redis, prefix)).Count == 50;
            }, TimeSpan.FromSeconds(90), "the poison job to be dead and the others to run");
        }
        finally
        {
            worker.Dispose();
        }

        var dead = await broker.GetJobAsync(poison);
        Assert.Equal(BrokerOptions.StalledError, dead!.LastError);
        Assert.Equal(1, (await broker.GetQueueStatsAsync("default")).Dead);
        Assert.InRange(restarts, 1, 5);
        output.WriteLine($"poison job dead after {restarts} worker crashes: {dead.LastError}");
    }

    [Fact]
    public async Task Corrupt_and_unknown_jobs_are_dead_lettered_and_good_jobs_still_run()
    {
        int garbage = Full ? 10_000 : 1_000;
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        string prefix = "fuzz";
        await using var broker = new RedisBroker(server.ConnectionString, new RedisBrokerOptions { KeyPrefix = prefix });
        var random = new Random(11);
        var bad = new List<JobId>();
        for (int i = 0; i < garbage; i++)
        {
            var id = JobId.New();
            byte[] envelope = i % 10 == 0
                ? JobEnvelopeCodec.Encode(new JobEnvelope { Id = id, Name = "no.such.task", Args = new byte[] { 0x80 }, Queue = "default", EnqueuedAt = DateTimeOffset.UtcNow })
                : RandomBytes(random);
            bad.Add((await broker.EnqueueAsync(new EnqueueRequest { Id = id, Queue = "default", TaskName = "?", Envelope = envelope })).Id);
        }
        await EnqueueRecordsAsync(server.ConnectionString, prefix, 200, pauseMs: 0);
        using var worker = RedisWorker.Start(server.ConnectionString, prefix);

        await Conditions.WaitAsync(async () => (await RunsAsync(redis, prefix)).Count == 200 && (await broker.GetQueueStatsAsync("default")).Dead == garbage,
            TimeSpan.FromSeconds(90), "the good jobs to run and the bad ones to be dead");
        foreach (var id in bad.Take(50))
        {
            var job = await broker.GetJobAsync(id);
            Assert.Equal(JobState.Dead, job!.State);
            Assert.False(string.IsNullOrEmpty(job.LastError));
        }
        Assert.False(worker.HasExited);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 80)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
            bytes[0] = (byte)(0x80 | random.Next(16)); // a map header, so the reader gets further before failing
        return bytes;
    }
}
