using System.Diagnostics;
using System.Text;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.TestSupport.Brokers;

/// <summary>
/// The behaviour every <see cref="IBrokerAdmin"/> must show (what the dashboard and the command-line tool rely on),
/// run against each broker by a derived class. Times are real and kept short; every wait is bounded.
/// </summary>
public abstract class BrokerAdminContractTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    /// <summary>Creates a broker with no jobs, workers or schedules that implements <see cref="IBrokerAdmin"/>.</summary>
    protected abstract Task<IBroker> CreateBrokerAsync();

    private async Task<(IBroker Broker, IBrokerAdmin Admin)> CreateAsync()
    {
        var broker = await CreateBrokerAsync();
        return (broker, BrokerAdmin.Require(broker));
    }

    private static string NewQueue() => "a-" + Guid.NewGuid().ToString("N")[..12];

    private static EnqueueRequest Job(string queue, DateTimeOffset? dueAt = null) => new()
    {
        Id = JobId.New(),
        Queue = queue,
        TaskName = "admin.task",
        Envelope = Encoding.UTF8.GetBytes("envelope"),
        DueAt = dueAt,
    };

    private static FetchRequest Fetch(string queue, int count) => new() { Queues = [queue], Count = count, WorkerId = "admin-worker" };

    private static Task<T> Bounded<T>(ValueTask<T> task) => task.AsTask().WaitAsync(s_bound);

    private static Task Bounded(ValueTask task) => task.AsTask().WaitAsync(s_bound);

    private static async Task<List<JobId>> EnqueueAsync(IBroker broker, string queue, int count, Func<int, DateTimeOffset?>? dueAt = null)
    {
        var ids = new List<JobId>();
        for (int i = 0; i < count; i++)
            ids.Add((await Bounded(broker.EnqueueAsync(Job(queue, dueAt?.Invoke(i))))).Id);
        return ids;
    }

    /// <summary>Fetches <paramref name="count"/> jobs and fails each for good, one after another, so they die in order.</summary>
    private static async Task<List<JobId>> KillAsync(IBroker broker, string queue, int count)
    {
        var ids = await EnqueueAsync(broker, queue, count);
        foreach (var job in (await Bounded(broker.FetchAsync(Fetch(queue, count)))).Jobs)
        {
            Assert.True(await Bounded(broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom " + job.Id, Disposition = FailureDisposition.Dead })));
            await Task.Delay(3);
        }
        return ids;
    }

    private static List<string> Sorted(IEnumerable<JobId> ids) => ids.Select(i => i.Value).Order(StringComparer.Ordinal).ToList();

    private static async Task<List<JobId>> ListAsync(IBrokerAdmin admin, string queue, JobSet set, int offset = 0, int count = 100) =>
        (await Bounded(admin.ListJobsAsync(queue, set, offset, count))).Select(j => j.Id).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds or 5 s pass.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(5))
                return false;
            await Task.Delay(25);
        }
        return true;
    }

    [Fact]
    public async Task Pending_jobs_are_listed_in_fetch_order_and_paged()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        var ids = await EnqueueAsync(broker, queue, 7);

        Assert.Equal(ids, await ListAsync(admin, queue, JobSet.Pending));
        Assert.Equal(ids.Skip(2).Take(3), await ListAsync(admin, queue, JobSet.Pending, offset: 2, count: 3));
        Assert.Empty(await ListAsync(admin, queue, JobSet.Pending, offset: 7, count: 3));
        var listed = Assert.Single(await Bounded(admin.ListJobsAsync(queue, JobSet.Pending, 0, 1)));
        Assert.Equal(JobState.Pending, listed.State);
        Assert.Equal("admin.task", listed.TaskName);
        Assert.Equal("envelope"u8.ToArray(), listed.Envelope.ToArray());

        var fetched = (await Bounded(broker.FetchAsync(Fetch(queue, 2)))).Jobs.Select(j => j.Id).ToList();
        Assert.Equal(ids.Take(2), fetched);
        Assert.Equal(ids.Skip(2), await ListAsync(admin, queue, JobSet.Pending));
        Assert.Equal(Sorted(fetched), Sorted(await ListAsync(admin, queue, JobSet.Active)));
    }

    [Fact]
    public async Task Scheduled_jobs_are_listed_by_due_time_and_dead_jobs_latest_death_first()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        var now = DateTimeOffset.UtcNow;
        var scheduled = await EnqueueAsync(broker, queue, 3, i => now.AddHours(3 - i));
        var dead = await KillAsync(broker, queue, 3);

        Assert.Equal(Enumerable.Reverse(scheduled), await ListAsync(admin, queue, JobSet.Scheduled));
        Assert.Equal(Enumerable.Reverse(dead), await ListAsync(admin, queue, JobSet.Dead));
        Assert.Equal([dead[1]], await ListAsync(admin, queue, JobSet.Dead, offset: 1, count: 1));
        var last = (await Bounded(admin.ListJobsAsync(queue, JobSet.Dead, 0, 1)))[0];
        Assert.Equal(JobState.Dead, last.State);
        Assert.Equal("boom " + dead[2], last.LastError);
        Assert.Empty(await ListAsync(admin, NewQueue(), JobSet.Dead));
    }

    [Fact]
    public async Task Run_now_makes_a_scheduled_or_retrying_job_due_at_once()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        var later = (await Bounded(broker.EnqueueAsync(Job(queue, DateTimeOffset.UtcNow.AddHours(1))))).Id;
        await EnqueueAsync(broker, queue, 1);
        var job = (await Bounded(broker.FetchAsync(Fetch(queue, 1)))).Jobs[0];
        await Bounded(broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "e", RetryDelay = TimeSpan.FromHours(1) }));

        Assert.True(await Bounded(admin.RunNowAsync(later)));
        Assert.True(await Bounded(admin.RunNowAsync(job.Id)));
        Assert.False(await Bounded(admin.RunNowAsync(later)));
        Assert.False(await Bounded(admin.RunNowAsync(JobId.New())));

        var fetched = (await Bounded(broker.FetchAsync(Fetch(queue, 5)))).Jobs;
        Assert.Equal([later, job.Id], fetched.Select(j => j.Id));
        Assert.Equal(2, fetched.Single(j => j.Id == job.Id).Attempt);
    }

    [Fact]
    public async Task Retry_all_moves_every_dead_job_back_with_its_attempts_reset()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        var dead = await KillAsync(broker, queue, 4);

        Assert.Equal(4, await Bounded(admin.RetryAllAsync(queue, JobSet.Dead)));

        Assert.Empty(await ListAsync(admin, queue, JobSet.Dead));
        var fetched = (await Bounded(broker.FetchAsync(Fetch(queue, 10)))).Jobs;
        Assert.Equal(Sorted(dead), Sorted(fetched.Select(j => j.Id)));
        Assert.All(fetched, j => Assert.Equal(1, j.Attempt));
        Assert.Equal(0, await Bounded(admin.RetryAllAsync(queue, JobSet.Dead)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => admin.RetryAllAsync(queue, JobSet.Pending).AsTask());
    }

    [Fact]
    public async Task Retry_all_runs_every_scheduled_job_now()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        var scheduled = await EnqueueAsync(broker, queue, 3, _ => DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(3, await Bounded(admin.RetryAllAsync(queue, JobSet.Scheduled)));

        Assert.Equal(Sorted(scheduled), Sorted((await Bounded(broker.FetchAsync(Fetch(queue, 10)))).Jobs.Select(j => j.Id)));
    }

    [Fact]
    public async Task Delete_all_empties_one_set_and_leaves_the_others()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        var dead = await KillAsync(broker, queue, 3);
        var pending = await EnqueueAsync(broker, queue, 2);

        Assert.Equal(3, await Bounded(admin.DeleteAllAsync(queue, JobSet.Dead)));

        var stats = await Bounded(broker.GetQueueStatsAsync(queue));
        Assert.Equal((0, 2), (stats.Dead, stats.Pending));
        Assert.Null(await Bounded(broker.GetJobAsync(dead[0])));
        Assert.Equal(pending, await ListAsync(admin, queue, JobSet.Pending));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => admin.DeleteAllAsync(queue, JobSet.Active).AsTask());
    }

    [Fact]
    public async Task Throughput_counts_the_attempts_that_ended_this_minute()
    {
        var (broker, admin) = await CreateAsync();
        string queue = NewQueue();
        await EnqueueAsync(broker, queue, 5);
        var jobs = (await Bounded(broker.FetchAsync(Fetch(queue, 5)))).Jobs;
        await Bounded(broker.AckAndFetchAsync(jobs.Take(3).Select(j => new JobAck { Lease = j.Lease }).ToList(), next: null));
        await Bounded(broker.FailAsync(new JobFailure { Lease = jobs[3].Lease, Error = "e", RetryDelay = TimeSpan.FromHours(1) }));
        await Bounded(broker.FailAsync(new JobFailure { Lease = jobs[4].Lease, Error = "e", Disposition = FailureDisposition.Dead }));
        var after = DateTimeOffset.UtcNow;

        var history = await Bounded(admin.GetThroughputAsync(queue, 60));

        Assert.Equal(60, history.Count);
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second.Start - pair.First.Start));
        // The minute of the acks is the last one, or the one before when the clock turned a minute since.
        var counted = history.TakeLast(2).Aggregate((0L, 0L), (sum, m) => (sum.Item1 + m.Succeeded, sum.Item2 + m.Failed));
        Assert.Equal((3L, 2L), counted);
        Assert.InRange(history[^1].Start, after.AddMinutes(-2), after.AddSeconds(1));
        Assert.Equal(0, history.SkipLast(2).Sum(m => m.Succeeded + m.Failed));
        Assert.Equal(5, (await Bounded(admin.GetThroughputAsync(queue, 5))).Count);
        Assert.All(await Bounded(admin.GetThroughputAsync(NewQueue(), 3)), m => Assert.Equal((0L, 0L), (m.Succeeded, m.Failed)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => admin.GetThroughputAsync(queue, 61).AsTask());
    }

    [Fact]
    public async Task A_worker_is_listed_from_its_heartbeat_until_it_is_removed_or_its_heartbeat_lapses()
    {
        var (_, admin) = await CreateAsync();
        var started = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var job = new RunningJobStatus(JobId.New(), "mail", "mail.send", started.AddSeconds(1));
        var worker = new WorkerStatus
        {
            Id = "host-a:1:" + Guid.NewGuid().ToString("N")[..6],
            Host = "host-a",
            ProcessId = 1,
            Queues = [new WorkerQueue("default", 10), new WorkerQueue("mail", 2)],
            StartedAt = started,
            BeatAt = started.AddSeconds(2),
            Running = [job],
        };
        var other = worker with { Id = worker.Id + "-b", Running = [] };

        await Bounded(admin.RecordWorkerAsync(worker, TimeSpan.FromMinutes(1)));
        await Bounded(admin.RecordWorkerAsync(other, TimeSpan.FromMilliseconds(300)));

        var listed = await Bounded(admin.GetWorkersAsync());
        Assert.Equal([worker.Id, other.Id], listed.Select(w => w.Id));
        var first = listed[0];
        Assert.Equal((worker.Host, worker.ProcessId, worker.StartedAt, worker.BeatAt), (first.Host, first.ProcessId, first.StartedAt, first.BeatAt));
        Assert.Equal(worker.Queues, first.Queues);
        Assert.Equal(worker.Running, first.Running);

        Assert.True(await EventuallyAsync(async () => (await admin.GetWorkersAsync()).Count == 1));
        await Bounded(admin.RemoveWorkerAsync(worker.Id));
        Assert.Empty(await Bounded(admin.GetWorkersAsync()));
    }

    [Fact]
    public async Task Cron_schedules_are_listed_with_their_latest_fire_until_their_record_lapses()
    {
        var (_, admin) = await CreateAsync();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var digest = new CronScheduleStatus
        {
            Id = "a1b2c3",
            TaskName = "mail.digest",
            Queue = "mail",
            Expression = "0 8 * * MON-FRI",
            TimeZone = "Europe/Berlin",
            NextFires = [now.AddHours(1), now.AddDays(1)],
            Host = "host-a",
            RecordedAt = now,
        };
        var cleanup = new CronScheduleStatus { Id = "d4e5f6", TaskName = "cleanup", Expression = "*/5 * * * *", TimeZone = "UTC", RecordedAt = now };

        await Bounded(admin.RecordCronSchedulesAsync([digest, cleanup], TimeSpan.FromMilliseconds(400)));
        await Bounded(admin.RecordCronSchedulesAsync([digest], TimeSpan.FromMinutes(1)));
        var fired = new JobId("cron:a1b2c3:1");
        await Bounded(admin.RecordCronFireAsync(digest.Id, now.AddMinutes(-5), fired, TimeSpan.FromMinutes(1)));
        await Bounded(admin.RecordCronFireAsync(digest.Id, now.AddMinutes(-10), new JobId("cron:a1b2c3:0"), TimeSpan.FromMinutes(1)));

        var listed = await Bounded(admin.GetCronSchedulesAsync());
        Assert.Equal(["cleanup", "mail.digest"], listed.Select(s => s.TaskName));
        Assert.Null(listed[0].LastFireAt);
        var read = listed[1];
        Assert.Equal(digest with { LastFireAt = now.AddMinutes(-5), LastJobId = fired, NextFires = read.NextFires }, read);
        Assert.Equal(digest.NextFires, read.NextFires);

        Assert.True(await EventuallyAsync(async () => (await admin.GetCronSchedulesAsync()).Count == 1));
    }
}
