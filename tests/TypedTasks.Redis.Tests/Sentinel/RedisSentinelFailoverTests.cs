using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using StackExchange.Redis;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Redis;
using TypedTasks.TestSupport.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace TypedTasks.Redis.Tests.Sentinel;

/// <summary>
/// A broker that finds its master through Sentinel (<c>serviceName=…</c>), and what happens when that master is
/// SIGKILLed mid-run: workers resume on the promoted replica, and enqueues the master acknowledged but had not yet
/// replicated are lost (replication is asynchronous); the test reports how many.
/// </summary>
public sealed class RedisSentinelFailoverTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Jobs_run_through_sentinel_and_workers_resume_on_the_promoted_replica_after_the_master_is_killed(int waitForReplicas)
    {
        await using var sentinel = await RedisSentinel.StartAsync();
        await using var broker = new RedisBroker(sentinel.ConnectionString + ",syncTimeout=2000,asyncTimeout=2000",
            new RedisBrokerOptions { WaitForReplicas = waitForReplicas, WaitForReplicasTimeout = TimeSpan.FromMilliseconds(500) });
        var acknowledged = new ConcurrentDictionary<JobId, long>();
        var runs = new ConcurrentDictionary<JobId, int>();
        var clock = Stopwatch.StartNew();
        long killedAt = long.MaxValue, resumedAt = long.MaxValue;
        int enqueueErrors = 0, consumeErrors = 0;
        using var stopProducing = new CancellationTokenSource();
        using var stopConsuming = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var producer = Task.Run(async () =>
        {
            while (!stopProducing.IsCancellationRequested)
            {
                try
                {
                    var id = (await broker.EnqueueAsync(new EnqueueRequest
                    {
                        Id = JobId.New(), Queue = "sentinel", TaskName = "sentinel.task", Envelope = Encoding.UTF8.GetBytes("job"),
                    })).Id;
                    acknowledged[id] = clock.ElapsedMilliseconds;
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    Interlocked.Increment(ref enqueueErrors);
                    // A producer's pause after a failed enqueue while the master is gone: part of the scenario.
                    await Task.Delay(50);
                }
            }
        });
        var consumers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var fetch = new FetchRequest { Queues = ["sentinel"], Count = 10, Lease = TimeSpan.FromSeconds(3), WorkerId = "sentinel" };
            List<JobAck> acks = [];
            while (!stopConsuming.IsCancellationRequested)
            {
                try
                {
                    // A call sent after the kill can only succeed on the new master.
                    long sent = clock.ElapsedMilliseconds;
                    await broker.RecoverExpiredAsync(["sentinel"]);
                    var reply = await broker.AckAndFetchAsync(acks, fetch);
                    acks = [];
                    if (sent > Volatile.Read(ref killedAt))
                        Interlocked.CompareExchange(ref resumedAt, clock.ElapsedMilliseconds, long.MaxValue);
                    foreach (var job in reply.Next.Jobs)
                    {
                        runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
                        acks.Add(new JobAck { Lease = job.Lease });
                    }
                    // An idle worker's pace between fetches: part of the scenario, not a wait of the test.
                    if (reply.Next.Jobs.Count == 0)
                        await Task.Delay(10);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    Interlocked.Increment(ref consumeErrors);
                    // A worker's pause after a failed call while the master is gone: part of the scenario.
                    await Task.Delay(50);
                }
            }
        })).ToList();

        await Conditions.WaitAsync(() => runs.Count >= 500, TimeSpan.FromMinutes(1),
            () => $"500 jobs to run before the kill: {runs.Count} ran, {enqueueErrors} enqueue and {consumeErrors} fetch errors", TimeSpan.FromMilliseconds(10));
        int oldMaster = sentinel.Master.Port, ranBeforeKill = runs.Count, acknowledgedBeforeKill = acknowledged.Count;
        await sentinel.Master.KillAsync();
        Volatile.Write(ref killedAt, clock.ElapsedMilliseconds);
        await Conditions.WaitAsync(() => Volatile.Read(ref resumedAt) != long.MaxValue, TimeSpan.FromSeconds(30),
            () => $"the workers to resume after the kill: {consumeErrors} fetch errors so far", TimeSpan.FromMilliseconds(50));
        long resumedAfter = resumedAt - killedAt;
        // The workers may resume on the new master before this sentinel has switched too.
        await Conditions.WaitAsync(async () => await sentinel.CurrentMasterPortAsync() == sentinel.Replica.Port, TimeSpan.FromSeconds(30),
            $"the sentinel to name the replica 127.0.0.1:{sentinel.Replica.Port} the master", TimeSpan.FromMilliseconds(50));
        Assert.StartsWith("master", await sentinel.Replica.CliAsync("ROLE"));

        // Keep producing for a second on the new master, then let the consumers finish what is left. The second is the
        // scenario, not a wait for a count: with WaitForReplicas = 1 the new master has no replica left and every
        // enqueue times out, so no number of acknowledged enqueues could stand in for it.
        await Task.Delay(1000);
        await stopProducing.CancelAsync();
        await producer;
        await WaitForDrainAsync(broker);
        await stopConsuming.CancelAsync();
        await Task.WhenAll(consumers);

        var lost = acknowledged.Where(a => !runs.ContainsKey(a.Key)).ToList();
        output.WriteLine($"master 127.0.0.1:{oldMaster} killed after {acknowledgedBeforeKill} enqueues and {ranBeforeKill} runs; " +
                         $"workers resumed on 127.0.0.1:{sentinel.Replica.Port} after {resumedAfter} ms");
        output.WriteLine($"WaitForReplicas = {waitForReplicas}: {acknowledged.Count} enqueues acknowledged, {lost.Count} of them lost to asynchronous replication " +
                         $"(acknowledged {string.Join(", ", lost.Select(l => l.Value - killedAt).Order().Take(5))}... ms from the kill); " +
                         $"{runs.Values.Count(n => n > 1)} jobs ran twice; {enqueueErrors} enqueue and {consumeErrors} fetch errors");
        Assert.True(resumedAfter < 30_000);
        // Only enqueues acknowledged shortly before the kill can be missing from the replica, and none that a replica
        // acknowledged.
        Assert.All(lost, l => Assert.InRange(l.Value, killedAt - 2_000, killedAt));
        if (waitForReplicas > 0)
            Assert.Empty(lost);
    }

    private static Task WaitForDrainAsync(IBroker broker)
    {
        QueueStats? stats = null;
        return Conditions.WaitAsync(async () => (stats = await broker.GetQueueStatsAsync("sentinel")) is { Pending: 0, Active: 0 },
            TimeSpan.FromSeconds(30), () => $"the queue to drain after the failover: {stats}", TimeSpan.FromMilliseconds(100));
    }
}
