using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using StackExchange.Redis;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace TypedTasks.Redis.Tests.Cluster;

/// <summary>A manual failover (<c>CLUSTER FAILOVER</c> on a replica) in the middle of a drain, on a cluster of its own.</summary>
public sealed class RedisClusterFailoverTests(RedisClusterFixture redis, ITestOutputHelper output) : IClassFixture<RedisClusterFixture>
{
    private const int Jobs = 10_000;

    [Fact]
    public async Task A_failover_during_a_drain_loses_no_acknowledged_job_and_the_consumers_go_on_unaided()
    {
        await using var broker = redis.NewBroker();
        var queues = await redis.QueuePerMasterAsync();
        var enqueued = new List<JobId>();
        foreach (var chunk in Enumerable.Range(0, Jobs).Chunk(500))
        {
            var requests = chunk.Select(i => new EnqueueRequest
            {
                Id = JobId.New(), Queue = queues[i % 3], TaskName = "failover.task", Envelope = Encoding.UTF8.GetBytes("job"),
            }).ToList();
            enqueued.AddRange((await broker.EnqueueManyAsync(requests)).Select(r => r.Id));
        }

        var runs = new ConcurrentDictionary<JobId, int>();
        int errors = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var consumers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ConsumeAsync(broker, queues, runs, () => Interlocked.Increment(ref errors), stop.Token))).ToList();

        // Fail over the master of the first queue once a fifth of the jobs ran.
        await Conditions.WaitAsync(() => runs.Count >= Jobs / 5, TimeSpan.FromMinutes(1),
            () => $"a fifth of the jobs to run before the failover: {runs.Count} of {Jobs} ran, {errors} calls failed", TimeSpan.FromMilliseconds(10));
        var (master, replica) = await redis.Cluster.OwnerOfSlotAsync(redis.Connection.HashSlot("{" + queues[0] + "}"));
        var clock = Stopwatch.StartNew();
        Assert.Contains("OK", await replica.CliAsync("CLUSTER", "FAILOVER"));
        await Conditions.WaitAsync(async () => (await replica.CliAsync("ROLE")).StartsWith("master", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            $"127.0.0.1:{replica.Port} to take over from 127.0.0.1:{master.Port} after CLUSTER FAILOVER", TimeSpan.FromMilliseconds(20));
        int ranBeforeTakeover = runs.Count;
        output.WriteLine($"127.0.0.1:{replica.Port} took over from 127.0.0.1:{master.Port} in {clock.ElapsedMilliseconds} ms, after {ranBeforeTakeover} jobs ran");

        await Conditions.WaitAsync(() => runs.Count >= Jobs, TimeSpan.FromMinutes(2),
            () => $"every job to run after the failover: {runs.Count} of {Jobs} ran, {errors} calls failed; not run: " +
                  string.Join(", ", enqueued.Where(id => !runs.ContainsKey(id)).Take(10)), TimeSpan.FromMilliseconds(50));
        await stop.CancelAsync();
        await Task.WhenAll(consumers);

        var missing = enqueued.Where(id => !runs.ContainsKey(id)).ToList();
        int duplicates = runs.Values.Count(n => n > 1);
        output.WriteLine($"{runs.Count} of {Jobs} jobs ran; {duplicates} ran more than once; {errors} calls failed during the failover");
        Assert.Empty(missing);
        Assert.True(ranBeforeTakeover < Jobs, "the failover came after the drain, not during it");
    }

    /// <summary>A worker's loop: ack what ran and fetch more in one call; after an error, pause and try again with the same acks.</summary>
    private static async Task ConsumeAsync(IBroker broker, IReadOnlyList<string> queues, ConcurrentDictionary<JobId, int> runs,
        Action failed, CancellationToken stop)
    {
        var fetch = new FetchRequest { Queues = queues, Count = 20, Lease = TimeSpan.FromSeconds(3), WorkerId = "failover" };
        List<JobAck> acks = [];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await broker.RecoverExpiredAsync(queues);
                var reply = await broker.AckAndFetchAsync(acks, fetch);
                acks = [];
                foreach (var job in reply.Next.Jobs)
                {
                    runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
                    acks.Add(new JobAck { Lease = job.Lease });
                }
                // An idle worker's pace between fetches: part of the scenario, not a wait of the test.
                if (reply.Next.Jobs.Count == 0)
                    await Task.Delay(20);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                failed();
                // A worker's pause after a failed call while the cluster fails over: part of the scenario.
                await Task.Delay(50);
            }
        }
    }
}
