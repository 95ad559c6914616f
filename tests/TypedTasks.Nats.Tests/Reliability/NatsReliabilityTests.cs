using System.Buffers.Binary;
using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using TypedTasks.Brokers;
using TypedTasks.Nats.ReliabilityWorker;
using TypedTasks.TestSupport.Nats;
using TypedTasks.TestSupport.Reliability;
using Xunit;
using Xunit.Abstractions;
using Record = TypedTasks.Nats.ReliabilityWorker.Record;

namespace TypedTasks.Nats.Tests.Reliability;

/// <summary>
/// Real worker processes and a real nats-server, killed for real. N is small by default so CI stays fast;
/// TT_RELIABILITY_FULL=1 runs larger sizes.
/// </summary>
public sealed class NatsReliabilityTests(ITestOutputHelper output)
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("TT_RELIABILITY_FULL") == "1";

    /// <summary>How long the server is down in the restart scenario: shorter than the 2 s an enqueue may wait, so that enqueues are both refused and held across it.</summary>
    private static readonly TimeSpan s_outage = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the restart scenario's client waits after a refused enqueue before the next: a server that is starting
    /// refuses at once (no JetStream responder yet), and a client that tried again in a tight loop would only count refusals.
    /// </summary>
    private static readonly TimeSpan s_pauseAfterRefusal = TimeSpan.FromMilliseconds(20);

    private static NatsBrokerOptions Options(string prefix) => new() { Prefix = prefix, RecoverInterval = TimeSpan.FromMilliseconds(500) };

    private static Task<List<JobId>> EnqueueRecordsAsync(NatsBroker broker, int count, int pauseMs) =>
        NumberedJobs.EnqueueAsync(broker, count, (client, number) => client.CreateRequest(new Record(number, pauseMs)));

    /// <summary>Job number → runs, from the workers' run log (empty until a worker created it).</summary>
    private static async Task<Dictionary<int, int>> RunsAsync(INatsConnection connection, string prefix)
    {
        var runs = new Dictionary<int, int>();
        var kv = new NatsKVContext(new NatsJSContext(connection));
        INatsKVStore store;
        try
        {
            store = await kv.GetStoreAsync(RunLog.Bucket(prefix));
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return runs;
        }
        try
        {
            await foreach (var entry in store.WatchAsync(NatsRawSerializer<byte[]>.Default, new NatsKVWatchOpts
            {
                IgnoreDeletes = true,
                OnNoData = static _ => new ValueTask<bool>(true),
            }))
            {
                if (entry.Value is { } value)
                    runs[int.Parse(entry.Key)] = BinaryPrimitives.ReadInt32BigEndian(value);
                if (entry.Delta == 0)
                    break;
            }
        }
        catch (NatsJSApiNoResponseException)
        {
            // A cluster still settling after a failover may not answer the watch's consumer request in time: ask again later.
            runs.Clear();
        }
        return runs;
    }

    /// <summary>
    /// How many jobs ran at least once: the runs bucket's count of keys, from its stream info. Cheaper than a watch on a
    /// busy cluster, where every watch creates a replicated consumer; 0 while the cluster does not answer.
    /// </summary>
    private static async Task<long> RunCountAsync(INatsConnection connection, string prefix)
    {
        try
        {
            var store = await new NatsKVContext(new NatsJSContext(connection)).GetStoreAsync(RunLog.Bucket(prefix));
            return (await store.GetStatusAsync()).Info.State.Messages;
        }
        catch (NatsJSException)
        {
            return 0;
        }
    }

    /// <summary>The jobs still leased to a process: active, with its pid in their worker id.</summary>
    private static async Task<IReadOnlyCollection<string>> HeldByAsync(NatsBroker broker, int processId, IReadOnlyCollection<string>? among)
    {
        var active = await broker.ListJobsAsync("default", JobSet.Active, 0, 100_000);
        var held = active.Where(j => j.WorkerId?.Contains($":{processId}:", StringComparison.Ordinal) == true).Select(j => j.Id.Value).ToList();
        return among is null ? held : held.Intersect(among).ToList();
    }

    [Fact]
    public async Task Workers_killed_at_random_lose_no_job_and_run_twice_only_what_they_held()
    {
        int jobs = Full ? 20_000 : 2_000, minimumKills = Full ? 20 : 6;
        await using var server = await NatsServer.StartAsync();
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        string prefix = "chaos";
        await using var broker = new NatsBroker(connection, Options(prefix));
        var ids = await EnqueueRecordsAsync(broker, jobs, pauseMs: Full ? 40 : 80);
        var numberOf = ids.Select((id, number) => (id.Value, number)).ToDictionary(p => p.Value, p => p.number);
        var drill = new KillDrill
        {
            // Kills here are chaos, not poison: a job may be held by several killed workers in a row, so the stall limit is raised.
            StartWorker = () => NatsWorker.Start(server.Url, prefix, maxStalls: 50),
            Runs = async () => await RunsAsync(connection, prefix),
            HeldBy = (processId, among) => HeldByAsync(broker, processId, among),
            Describe = async () => (await broker.GetQueueStatsAsync("default")).ToString(),
            Settled = async () => await broker.GetQueueStatsAsync("default") is { Pending: 0, Active: 0, Scheduled: 0, Retry: 0 },
        };
        var result = await drill.RunAsync(jobs, numberOf, TimeSpan.FromMinutes(Full ? 10 : 4));

        output.WriteLine(result.AssertNothingLost(await RunsAsync(connection, prefix), jobs, minimumKills));
    }

    [Fact]
    public async Task Every_acknowledged_enqueue_survives_a_server_kill_and_restart_and_workers_and_clients_reconnect()
    {
        int jobs = Full ? 5_000 : 1_000;
        await using var server = await NatsServer.StartAsync();
        string prefix = "restart";
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var broker = new NatsBroker(connection, Options(prefix));
        await broker.StartAsync();
        using var worker = NatsWorker.Start(server.Url, prefix);
        await Conditions.WaitAsync(() => Task.FromResult(worker.Output.Contains("ready", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the worker to start");
        var client = new BrokerTaskClient(broker);
        var accepted = new List<int>();
        int acceptedBeforeRestart = -1, acceptedSoFar = 0;
        var fifthAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        TimeSpan killedAt = TimeSpan.MaxValue, restartedAt = TimeSpan.MaxValue;
        var restart = Task.Run(async () =>
        {
            await fifthAccepted.Task;
            acceptedBeforeRestart = Volatile.Read(ref acceptedSoFar);
            await server.KillAsync();
            killedAt = clock.Elapsed;
            await Task.Delay(s_outage);
            await server.RestartAsync();
            restartedAt = clock.Elapsed;
        });
        // The client keeps what it publishes while it reconnects and sends it once the server is back, so an enqueue
        // that meets the outage may be refused (its 2 s ran out) or held across it and acknowledged after the restart.
        // Enqueues go on until every job was tried and one begun after the restart was acknowledged (or 30 s after the
        // restart passed), so the outage falls among them however fast the enqueues and however slow the kill.
        int refused = 0, heldAcross = 0, acceptedAfterRestart = 0, tried = 0;
        bool WaitingForAnEnqueueAfterRestart() =>
            fifthAccepted.Task.IsCompleted && !restart.IsFaulted && acceptedAfterRestart == 0 && clock.Elapsed - restartedAt < TimeSpan.FromSeconds(30);
        for (; tried < jobs || WaitingForAnEnqueueAfterRestart(); tried++)
        {
            bool afterRestart = restart.IsCompleted;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.EnqueueAsync(new Record(tried, 0), cancellationToken: timeout.Token);
                accepted.Add(tried);
                if (Interlocked.Increment(ref acceptedSoFar) == jobs / 5)
                    fifthAccepted.SetResult();
                if (afterRestart)
                    acceptedAfterRestart++;
                else if (clock.Elapsed >= killedAt)
                    heldAcross++;
            }
            catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
            {
                refused++;
                await Task.Delay(s_pauseAfterRefusal);
            }
        }
        Assert.True(fifthAccepted.Task.IsCompleted, $"only {acceptedSoFar} of {jobs} enqueues were acknowledged before the kill");
        await restart;

        await Conditions.WaitAsync(async () => accepted.All((await RunsAsync(connection, prefix)).ContainsKey), TimeSpan.FromSeconds(90), "every acknowledged job to run");
        output.WriteLine($"{accepted.Count} of {tried} enqueues acknowledged around the kill ({acceptedBeforeRestart} before it, " +
            $"{heldAcross} held across the restart, {refused} refused); all of them ran");
        Assert.True(refused + heldAcross > 0, "no enqueue met the outage; the test proved nothing");
        Assert.True(acceptedAfterRestart > 0, "the client did not enqueue again after the restart");
        Assert.False(worker.HasExited, worker.Output);
    }
    [Fact]
    public async Task Killing_the_jobs_stream_leader_of_a_3_node_cluster_loses_no_acknowledged_job_and_workers_resume_unaided()
    {
        int firstBatch = Full ? 2_000 : 500, secondBatch = Full ? 2_000 : 500;
        await using var cluster = await NatsCluster.StartAsync();
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = cluster.Url });
        string prefix = "ha", stream = $"KV_{prefix}_jobs";
        await using var broker = new NatsBroker(connection, new NatsBrokerOptions { Prefix = prefix, Replicas = 3, RecoverInterval = TimeSpan.FromMilliseconds(500) });
        await broker.StartAsync();
        var workers = new[] { NatsWorker.Start(cluster.Url, prefix, replicas: 3), NatsWorker.Start(cluster.Url, prefix, replicas: 3) };
        try
        {
            foreach (var worker in workers)
                await Conditions.WaitAsync(() => Task.FromResult(worker.Output.Contains("ready", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), () => "a worker to start: " + worker.Output);
            var accepted = (await EnqueueRecordsAsync(broker, firstBatch, pauseMs: 20)).Select((_, i) => i).ToList();
            await Conditions.WaitAsync(async () => await RunCountAsync(connection, prefix) >= firstBatch / 5, TimeSpan.FromSeconds(60), "the first jobs to run");

            string leader = await cluster.StreamLeaderAsync(stream) ?? throw new InvalidOperationException($"{stream} has no leader");
            var kill = cluster.KillAsync(leader);
            var client = new BrokerTaskClient(broker);
            int refused = 0;
            for (int i = firstBatch; i < firstBatch + secondBatch; i++)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.EnqueueAsync(new Record(i, 20), cancellationToken: timeout.Token);
                    accepted.Add(i);
                }
                catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
                {
                    refused++;
                }
            }
            await kill;
            string newLeader = await cluster.WaitForStreamLeaderAsync(stream, dead: leader, TimeSpan.FromSeconds(60));
            // The run log is a stream of its own: when the killed node led it too, reading it fails until it has a new leader.
            await cluster.WaitForStreamLeaderAsync("KV_" + RunLog.Bucket(prefix), dead: leader, TimeSpan.FromSeconds(60));

            var notRun = accepted;
            QueueStats? stats = null;
            await Conditions.WaitAsync(async () =>
            {
                var runs = await RunsAsync(connection, prefix);
                notRun = accepted.Where(i => !runs.ContainsKey(i)).ToList();
                stats = await broker.GetQueueStatsAsync("default");
                return notRun.Count == 0;
            }, TimeSpan.FromSeconds(120), () => $"every acknowledged job to run: {notRun.Count} of {accepted.Count} never ran " +
                $"(first: {string.Join(", ", notRun.Take(10))}); queue: {stats}; new leader {newLeader}; worker output:\n" +
                string.Join("\n---\n", workers.Select(w => string.Join('\n', w.Output.Split('\n').TakeLast(30)))));
            output.WriteLine($"killed leader {leader} of {stream}; new leader {newLeader}; " +
                $"{accepted.Count} of {firstBatch + secondBatch} enqueues acknowledged ({refused} refused during the failover), all ran");
            Assert.All(workers, w => Assert.False(w.HasExited, w.Output));
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }
    }
}
