using System.Text;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>
/// One enqueueMany call sends what jobs share (task, due time, unique ttl and mode) once per kind: a batch mixing them
/// must still store each job with its own values and report each duplicate at its own position.
/// </summary>
public sealed class RedisMixedBatchTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset s_inAnHour = DateTimeOffset.UtcNow.AddHours(1);
    private static readonly DateTimeOffset s_inTwoHours = DateTimeOffset.UtcNow.AddHours(2);

    private static EnqueueRequest Job(string task, DateTimeOffset? dueAt = null, UniqueLock? unique = null) => new()
    {
        Id = JobId.New(),
        Queue = "mixed",
        TaskName = task,
        Envelope = Encoding.UTF8.GetBytes("payload of " + task + " " + Guid.NewGuid()),
        DueAt = dueAt,
        Unique = unique,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(95)]
    public async Task A_batch_mixing_tasks_due_times_and_unique_keys_stores_each_job_and_reports_duplicates_where_they_are(int plainBefore)
    {
        string prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        await using var broker = redis.NewBroker(prefix);
        var held = Job("task.a", unique: new UniqueLock("held", TimeSpan.FromMinutes(5)));
        var stored = Job("task.b");
        Assert.False((await broker.EnqueueManyAsync([held, stored]))[0].Duplicate);

        var mixed = new List<EnqueueRequest>();
        mixed.AddRange(Enumerable.Range(0, plainBefore).Select(_ => Job("task.a")));
        mixed.AddRange(
        [
            Job("task.a"),
            Job("task.b", s_inAnHour),
            Job("task.a", unique: new UniqueLock("until-started", TimeSpan.FromSeconds(30), UniqueMode.UntilStarted)),
            stored with { Envelope = Encoding.UTF8.GetBytes("a retry") },
            Job("task.b", s_inTwoHours, new UniqueLock("scheduled-unique", TimeSpan.FromMinutes(10))),
            Job("task.a", unique: new UniqueLock("held", TimeSpan.FromMinutes(5))),
            Job("task.b"),
            Job("task.a", unique: new UniqueLock("until-started", TimeSpan.FromSeconds(30), UniqueMode.UntilStarted)),
            Job("task.a", s_inAnHour),
            Job("task.a", unique: new UniqueLock("until-done", TimeSpan.FromMinutes(1))),
        ]);
        int at = plainBefore;

        var results = await broker.EnqueueManyAsync(mixed);

        int[] duplicates = [at + 3, at + 5, at + 7];
        for (int i = 0; i < mixed.Count; i++)
            Assert.Equal(duplicates.Contains(i), results[i].Duplicate);
        Assert.Equal(stored.Id, results[at + 3].Id);
        Assert.Equal(held.Id, results[at + 5].Id);
        Assert.Equal(mixed[at + 2].Id, results[at + 7].Id);

        foreach (int i in Enumerable.Range(0, mixed.Count).Where(i => !duplicates.Contains(i)))
        {
            var request = mixed[i];
            Assert.Equal(request.Id, results[i].Id);
            var job = await broker.GetJobAsync(request.Id);
            Assert.NotNull(job);
            Assert.Equal(request.TaskName, job.TaskName);
            Assert.Equal(request.Envelope.ToArray(), job.Envelope.ToArray());
            Assert.Equal(request.DueAt is null ? JobState.Pending : JobState.Scheduled, job.State);
            if (request.DueAt is { } due)
                Assert.Equal(Millis.CeilingUnix(due), job.DueAt!.Value.ToUnixTimeMilliseconds());
        }
        Assert.Equal(stored.Envelope.ToArray(), (await broker.GetJobAsync(stored.Id))!.Envelope.ToArray());

        var db = redis.Database;
        string unique = prefix + ":{mixed}:unique:";
        Assert.InRange((long)await db.ExecuteAsync("PTTL", unique + "until-started"), 1, 30_000);
        Assert.InRange((long)await db.ExecuteAsync("PTTL", unique + "scheduled-unique"), 60_001, 600_000);
        Assert.InRange((long)await db.ExecuteAsync("PTTL", unique + "until-done"), 30_001, 60_000);

        // The pending jobs come out in the batch's order; starting them releases only the lock of the UntilStarted job.
        var pending = Enumerable.Range(0, mixed.Count)
            .Where(i => !duplicates.Contains(i) && mixed[i].DueAt is null).Select(i => mixed[i].Id).ToList();
        var fetched = await broker.FetchAsync(new FetchRequest { Queues = ["mixed"], Count = 500, WorkerId = "w" });
        Assert.Equal([held.Id, stored.Id, .. pending], fetched.Jobs.Select(j => j.Id).ToList());
        Assert.False((bool)await db.KeyExistsAsync(unique + "until-started"));
        Assert.True((bool)await db.KeyExistsAsync(unique + "until-done"));
        Assert.True((bool)await db.KeyExistsAsync(unique + "held"));
    }

    [Fact]
    public async Task A_batch_of_new_jobs_that_names_one_id_twice_stores_it_once_and_reports_the_second_as_a_duplicate()
    {
        await using var broker = redis.NewBroker();
        var twice = Job("task.a");
        var refusedByItsLock = Job("task.a", unique: new UniqueLock("lock", TimeSpan.FromMinutes(1)));
        var lockHolder = Job("task.b", unique: new UniqueLock("lock", TimeSpan.FromMinutes(1)));
        var afterTheRefusal = refusedByItsLock with { Unique = null };
        List<EnqueueRequest> batch = [Job("task.a"), twice, lockHolder, twice with { Envelope = Encoding.UTF8.GetBytes("other") }, refusedByItsLock, afterTheRefusal];

        var results = await broker.EnqueueManyAsync(batch);

        Assert.Equal([false, false, false, true, true, false], results.Select(r => r.Duplicate));
        Assert.Equal(twice.Id, results[3].Id);
        Assert.Equal(lockHolder.Id, results[4].Id);
        Assert.Equal(twice.Envelope.ToArray(), (await broker.GetJobAsync(twice.Id))!.Envelope.ToArray());
        var fetched = await broker.FetchAsync(new FetchRequest { Queues = ["mixed"], Count = 10, WorkerId = "w" });
        Assert.Equal([batch[0].Id, twice.Id, lockHolder.Id, afterTheRefusal.Id], fetched.Jobs.Select(j => j.Id));
    }
}
