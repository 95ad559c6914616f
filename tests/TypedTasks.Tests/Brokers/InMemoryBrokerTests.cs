using System.Collections.Concurrent;
using System.Text;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Tests.Brokers;

/// <summary>What only the in-memory broker promises: its time comes from the <see cref="TimeProvider"/> it is given.</summary>
public sealed class InMemoryBrokerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(s_start);

    private static EnqueueRequest Job(string queue, DateTimeOffset? dueAt = null) => new()
    {
        Id = JobId.New(),
        Queue = queue,
        TaskName = "t",
        Envelope = Encoding.UTF8.GetBytes("e"),
        DueAt = dueAt,
    };

    private static FetchRequest Fetch(string queue, int count = 10, TimeSpan? lease = null) =>
        new() { Queues = [queue], Count = count, Lease = lease ?? FetchRequest.DefaultLease };

    [Fact]
    public async Task Delays_follow_the_given_clock()
    {
        var broker = new InMemoryBroker(_time);
        var id = (await broker.EnqueueAsync(Job("q", s_start.AddHours(1)))).Id;

        var early = await broker.FetchAsync(Fetch("q"));
        _time.Advance(TimeSpan.FromMinutes(59));
        var stillEarly = await broker.FetchAsync(Fetch("q"));
        _time.Advance(TimeSpan.FromMinutes(1));
        var due = await broker.FetchAsync(Fetch("q"));

        Assert.Equal(s_start.AddHours(1), early.NextDueAt);
        Assert.Empty(stillEarly.Jobs);
        Assert.Equal(id, Assert.Single(due.Jobs).Id);
    }

    [Fact]
    public async Task Leases_and_retries_follow_the_given_clock()
    {
        var broker = new InMemoryBroker(_time);
        await broker.EnqueueAsync(Job("q"));
        var job = Assert.Single((await broker.FetchAsync(Fetch("q", lease: TimeSpan.FromMinutes(1)))).Jobs);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await broker.RecoverExpiredAsync(["q"]));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await broker.RecoverExpiredAsync(["q"]));

        job = Assert.Single((await broker.FetchAsync(Fetch("q"))).Jobs);
        await broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "e", RetryDelay = TimeSpan.FromDays(2) });
        var info = await broker.GetJobAsync(job.Id);
        Assert.Equal(s_start.AddMinutes(1).AddDays(2), info!.DueAt);
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, Assert.Single((await broker.FetchAsync(Fetch("q"))).Jobs).Attempt);
    }

    [Fact]
    public async Task The_dead_set_is_trimmed_by_count_and_by_age()
    {
        var broker = new InMemoryBroker(_time, new BrokerOptions { DeadMaxJobs = 3, DeadMaxAge = TimeSpan.FromDays(1) });
        var ids = new List<JobId>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await broker.EnqueueAsync(Job("q"))).Id);
            var job = Assert.Single((await broker.FetchAsync(Fetch("q"))).Jobs);
            await broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "e", Disposition = FailureDisposition.Dead });
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([ids[4], ids[3], ids[2]], (await broker.GetDeadJobsAsync("q", 0, 10)).Select(j => j.Id));
        Assert.Null(await broker.GetJobAsync(ids[0]));

        _time.Advance(TimeSpan.FromHours(22));
        var late = (await broker.EnqueueAsync(Job("q"))).Id;
        var last = Assert.Single((await broker.FetchAsync(Fetch("q"))).Jobs);
        await broker.FailAsync(new JobFailure { Lease = last.Lease, Error = "e", Disposition = FailureDisposition.Dead });

        Assert.Equal([late, ids[4], ids[3]], (await broker.GetDeadJobsAsync("q", 0, 10)).Select(j => j.Id));
    }

    [Fact]
    public async Task Kept_results_expire_on_the_given_clock()
    {
        var broker = new InMemoryBroker(_time);
        await broker.EnqueueAsync(Job("q"));
        var job = Assert.Single((await broker.FetchAsync(Fetch("q"))).Jobs);
        await broker.AckAndFetchAsync([new JobAck { Lease = job.Lease, Result = new byte[] { 1 }, KeepFor = TimeSpan.FromHours(1) }], null);

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await broker.GetJobAsync(job.Id));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await broker.GetJobAsync(job.Id));
        Assert.Equal(0, (await broker.GetQueueStatsAsync("q")).Kept);
    }

    [Fact]
    public async Task Group_records_expire_with_their_ttl_on_the_given_clock()
    {
        var broker = new InMemoryBroker(_time);
        var ttl = TimeSpan.FromHours(1);
        for (int i = 0; i < 100; i++)
        {
            Assert.False(await broker.MarkGroupMemberDoneAsync($"open{i}", JobId.New(), size: 2, ttl));
            Assert.True(await broker.MarkGroupMemberDoneAsync($"done{i}", JobId.New(), size: 1, ttl));
        }
        _time.Advance(TimeSpan.FromMinutes(30));
        // A change renews the record's TTL, as EXPIRE does on Redis.
        var member = JobId.New();
        Assert.False(await broker.MarkGroupMemberDoneAsync("open0", member, size: 3, ttl));
        Assert.Equal(200, broker.GroupRecordCount);

        _time.Advance(TimeSpan.FromMinutes(30));
        await broker.FetchAsync(Fetch("q"));
        Assert.Equal(1, broker.GroupRecordCount);

        _time.Advance(TimeSpan.FromMinutes(30));
        await broker.FetchAsync(Fetch("q"));
        Assert.Equal(0, broker.GroupRecordCount);
        // An expired record is gone: the group counts afresh, so it is not complete with one more member.
        Assert.False(await broker.MarkGroupMemberDoneAsync("open0", JobId.New(), size: 3, ttl));
    }

    [Fact]
    public async Task A_wait_times_out_on_the_given_clock()
    {
        // An hour on the fake clock, which the real one cannot reach within the test's 5 s bound.
        var broker = new InMemoryBroker(_time);
        var wait = broker.WaitForWorkAsync(["q"], TimeSpan.FromHours(1)).AsTask();

        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Concurrent_consumers_receive_every_job_exactly_once()
    {
        var broker = new InMemoryBroker();
        var requests = Enumerable.Range(0, 5000).Select(_ => Job("q")).ToList();
        await broker.EnqueueManyAsync(requests);
        var seen = new ConcurrentBag<JobId>();

        var consumers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var acks = new List<JobAck>();
            while (true)
            {
                // The in-memory broker completes synchronously; yield so 8 loops do not starve the thread pool.
                await Task.Yield();
                var result = await broker.AckAndFetchAsync(acks, Fetch("q", count: 7));
                Assert.Empty(result.Refused);
                if (result.Next.Jobs.Count == 0)
                    return;
                foreach (var job in result.Next.Jobs)
                    seen.Add(job.Id);
                acks = result.Next.Jobs.Select(j => new JobAck { Lease = j.Lease }).ToList();
            }
        })).ToArray();
        await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(requests.Count, seen.Count);
        Assert.Equal(requests.Select(r => r.Id).ToHashSet(), seen.ToHashSet());
        Assert.Equal(5000, (await broker.GetQueueStatsAsync("q")).Succeeded);
    }
}
