using System.Diagnostics;
using System.Text;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.TestSupport.Brokers;

/// <summary>
/// The behaviour every <see cref="IBroker"/> must show, run against each broker by a derived class. Times are real
/// (a networked broker keeps its own clock), kept short, and every wait is bounded.
/// </summary>
public abstract partial class BrokerContractTests
{
    /// <summary>The recover gate a derived broker uses must be shorter than this, so two recover calls this far apart both run.</summary>
    protected static readonly TimeSpan RecoverSpacing = TimeSpan.FromMilliseconds(350);

    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On a 2-core machine the test host holds pool threads while tests start; without headroom a timer continuation
    /// can wait 500 ms for the pool to inject a thread, which would fail the timing checks for reasons unrelated to the broker.
    /// </summary>
    static BrokerContractTests()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
    }

    /// <summary>Creates a broker with no jobs, using <see cref="BrokerOptions.MaxStalls"/> = 2 and default retention.</summary>
    protected abstract Task<IBroker> CreateBrokerAsync();

    /// <summary>A broker with per-queue dead-set limits.</summary>
    protected abstract Task<IBroker> CreateBrokerAsync(IReadOnlyDictionary<string, DeadRetention> deadRetentionByQueue);

    /// <summary>A broker with <see cref="BrokerOptions.ForgetIdleQueuesAfter"/> = <paramref name="idle"/>.</summary>
    protected abstract Task<IBroker> CreateBrokerForgettingIdleQueuesAsync(TimeSpan idle);

    /// <summary>A queue name no other test uses.</summary>
    protected static string NewQueue() => "q-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A request whose envelope bytes spell the job id, so tests can check bytes come back unchanged.</summary>
    protected static EnqueueRequest Job(string queue, DateTimeOffset? dueAt = null, UniqueLock? unique = null, JobId? id = null)
    {
        var jobId = id ?? JobId.New();
        return new EnqueueRequest
        {
            Id = jobId,
            Queue = queue,
            TaskName = "contract.task",
            Envelope = Encoding.UTF8.GetBytes("envelope:" + jobId.Value),
            DueAt = dueAt,
            Unique = unique,
        };
    }

    protected static FetchRequest Fetch(string queue, int count = 10, TimeSpan? lease = null) => Fetch([queue], count, lease);

    protected static FetchRequest Fetch(IReadOnlyList<string> queues, int count = 10, TimeSpan? lease = null) => new()
    {
        Queues = queues,
        Count = count,
        Lease = lease ?? FetchRequest.DefaultLease,
        WorkerId = "contract-worker",
    };

    protected static Task<T> Bounded<T>(ValueTask<T> task) => task.AsTask().WaitAsync(s_bound);

    protected static Task Bounded(ValueTask task) => task.AsTask().WaitAsync(s_bound);

    protected static async Task<IReadOnlyList<JobId>> EnqueueAsync(IBroker broker, string queue, int count)
    {
        var ids = new List<JobId>();
        for (int i = 0; i < count; i++)
            ids.Add((await Bounded(broker.EnqueueAsync(Job(queue)))).Id);
        return ids;
    }

    protected static async Task<LeasedJob> FetchOneAsync(IBroker broker, string queue, TimeSpan? lease = null)
    {
        var fetched = await Bounded(broker.FetchAsync(Fetch(queue, 1, lease)));
        return Assert.Single(fetched.Jobs);
    }

    protected static Task<AckAndFetchResult> AckAsync(IBroker broker, LeasedJob job, ReadOnlyMemory<byte>? result = null, TimeSpan? keepFor = null) =>
        Bounded(broker.AckAndFetchAsync([new JobAck { Lease = job.Lease, Result = result, KeepFor = keepFor }], next: null));

    /// <summary>Fetches until a job comes or <paramref name="within"/> passes.</summary>
    protected static async Task<FetchResult> FetchUntilAsync(IBroker broker, FetchRequest request, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = await Bounded(broker.FetchAsync(request));
            if (result.Jobs.Count > 0 || clock.Elapsed > within)
                return result;
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Jobs_of_a_queue_are_fetched_in_enqueue_order_with_their_envelopes_unchanged()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var ids = await EnqueueAsync(broker, queue, 5);

        var first = await Bounded(broker.FetchAsync(Fetch(queue, 3)));
        var rest = await Bounded(broker.FetchAsync(Fetch(queue, 10)));

        Assert.Equal(ids, first.Jobs.Concat(rest.Jobs).Select(j => j.Id));
        Assert.All(first.Jobs.Concat(rest.Jobs), j =>
        {
            Assert.Equal(queue, j.Queue);
            Assert.Equal(1, j.Attempt);
            Assert.Equal("envelope:" + j.Id.Value, Encoding.UTF8.GetString(j.Envelope.Span));
        });
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
    }

    [Fact]
    public async Task A_fetch_drains_earlier_queues_first()
    {
        var broker = await CreateBrokerAsync();
        string high = NewQueue(), low = NewQueue();
        var lowIds = await EnqueueAsync(broker, low, 2);
        var highIds = await EnqueueAsync(broker, high, 2);

        var fetched = await Bounded(broker.FetchAsync(Fetch([high, low], 3)));

        Assert.Equal([highIds[0], highIds[1], lowIds[0]], fetched.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_job_that_has_not_ended_has_no_result()
    {
        var broker = await CreateBrokerAsync();
        var id = (await Bounded(broker.EnqueueAsync(Job(NewQueue())))).Id;

        var job = (await Bounded(broker.GetJobAsync(id)))!;
        Assert.False(job.Result.HasValue, $"a {job.State} job has a result of {job.Result?.Length} bytes");
    }

    [Fact]
    public async Task A_delayed_job_is_not_fetched_before_it_is_due_and_is_fetched_promptly_after()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        // The broker's first call may connect and load scripts, which on a loaded machine takes longer than the delay:
        // made first, it cannot turn the delayed job into one due on arrival.
        await Bounded(broker.EnqueueAsync(Job(NewQueue())));
        var due = DateTimeOffset.UtcNow.AddMilliseconds(500);
        var id = (await Bounded(broker.EnqueueAsync(Job(queue, dueAt: due)))).Id;

        var early = await Bounded(broker.FetchAsync(Fetch(queue)));
        Assert.Empty(early.Jobs);
        Assert.NotNull(early.NextDueAt);
        Assert.InRange(early.NextDueAt.Value, due.AddMilliseconds(-5), due.AddMilliseconds(5));
        Assert.Equal(JobState.Scheduled, (await Bounded(broker.GetJobAsync(id)))!.State);

        var fetched = await FetchUntilAsync(broker, Fetch(queue), TimeSpan.FromSeconds(2));
        var fetchedAt = DateTimeOffset.UtcNow;

        Assert.Equal(id, Assert.Single(fetched.Jobs).Id);
        Assert.True(fetchedAt >= due.AddMilliseconds(-10), $"fetched {(due - fetchedAt).TotalMilliseconds} ms before it was due");
        Assert.True(fetchedAt <= due.AddMilliseconds(150), $"fetched {(fetchedAt - due).TotalMilliseconds} ms after it was due");
    }

    [Fact]
    public async Task A_job_due_between_two_milliseconds_is_never_handed_out_before_its_due_time()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var due = DateTimeOffset.UtcNow.AddMilliseconds(500).AddTicks(7_000);
        var id = (await Bounded(broker.EnqueueAsync(Job(queue, dueAt: due)))).Id;

        var stored = (await Bounded(broker.GetJobAsync(id)))!;
        Assert.Equal(JobState.Scheduled, stored.State);
        Assert.True(stored.DueAt >= due, $"the due time was stored as {stored.DueAt:O}, before {due:O}");
        var fetched = await FetchUntilAsync(broker, Fetch(queue), TimeSpan.FromSeconds(2));
        var fetchedAt = DateTimeOffset.UtcNow;

        Assert.Equal(id, Assert.Single(fetched.Jobs).Id);
        Assert.True(fetchedAt >= due, $"handed out {(due - fetchedAt).TotalMilliseconds} ms before it was due");
    }

    [Fact]
    public async Task Scheduled_jobs_become_pending_in_due_time_order()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        // Far enough ahead that all five are still scheduled when the last enqueue returns on a loaded machine.
        var due = DateTimeOffset.UtcNow.AddMilliseconds(300);
        var ids = new List<JobId>();
        foreach (int offset in new[] { 8, 2, 6, 0, 4 })
            ids.Add((await Bounded(broker.EnqueueAsync(Job(queue, dueAt: due.AddMilliseconds(offset))))).Id);
        Assert.True(DateTimeOffset.UtcNow < due, "the enqueues took longer than the lead time; the order was not tested");

        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var fetched = await Bounded(broker.FetchAsync(Fetch(queue)));

        Assert.Equal([ids[3], ids[1], ids[4], ids[2], ids[0]], fetched.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_job_whose_lease_expires_is_recovered_and_the_old_token_can_no_longer_complete_it()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        await EnqueueAsync(broker, queue, 1);
        var first = await FetchOneAsync(broker, queue, lease: TimeSpan.FromMilliseconds(200));

        Assert.Equal(0, await Bounded(broker.RecoverExpiredAsync([queue])));
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
        await Task.Delay(RecoverSpacing);
        Assert.Equal(1, await Bounded(broker.RecoverExpiredAsync([queue])));

        var second = await FetchOneAsync(broker, queue);
        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Lease.Token, second.Lease.Token);
        Assert.Equal(1, second.Attempt);
        Assert.Equal((0, 1), (first.Stalls, second.Stalls));
        Assert.Equal(1, (await Bounded(broker.GetJobAsync(second.Id)))!.Stalls);

        Assert.Equal([first.Id], (await AckAsync(broker, first)).Refused);
        Assert.False(await Bounded(broker.FailAsync(new JobFailure { Lease = first.Lease, Error = "stale" })));
        Assert.False(await Bounded(broker.RequeueAsync(first.Lease)));
        Assert.Equal([first.Id], (await Bounded(broker.ExtendLeasesAsync([first.Lease], TimeSpan.FromSeconds(10)))).Lost);
        Assert.Empty((await AckAsync(broker, second)).Refused);
        Assert.Null(await Bounded(broker.GetJobAsync(second.Id)));
    }

    [Fact]
    public async Task An_extended_lease_is_not_recovered()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        await EnqueueAsync(broker, queue, 1);
        var job = await FetchOneAsync(broker, queue, lease: TimeSpan.FromMilliseconds(200));

        var renewal = await Bounded(broker.ExtendLeasesAsync([job.Lease], TimeSpan.FromSeconds(30)));
        await Task.Delay(RecoverSpacing);

        Assert.Empty(renewal.Lost);
        Assert.Empty(renewal.CancelRequested);
        Assert.Equal(0, await Bounded(broker.RecoverExpiredAsync([queue])));
        Assert.Empty((await AckAsync(broker, job)).Refused);
    }

    [Fact]
    public async Task A_job_that_stalls_twice_goes_to_the_dead_set()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var id = (await EnqueueAsync(broker, queue, 1))[0];
        var lease = TimeSpan.FromMilliseconds(100);

        await FetchOneAsync(broker, queue, lease);
        await Task.Delay(RecoverSpacing);
        Assert.Equal(1, await Bounded(broker.RecoverExpiredAsync([queue])));
        await FetchOneAsync(broker, queue, lease);
        await Task.Delay(RecoverSpacing);
        Assert.Equal(1, await Bounded(broker.RecoverExpiredAsync([queue])));

        var info = await Bounded(broker.GetJobAsync(id));
        Assert.Equal(JobState.Dead, info!.State);
        Assert.Equal(2, info.Stalls);
        Assert.Contains("stalled", info.LastError);
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
    }

    [Fact]
    public async Task A_failed_job_is_retried_after_its_delay_then_goes_dead_and_can_be_retried_from_there()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var id = (await EnqueueAsync(broker, queue, 1))[0];

        var first = await FetchOneAsync(broker, queue);
        Assert.True(await Bounded(broker.FailAsync(new JobFailure { Lease = first.Lease, Error = "boom 1", RetryDelay = TimeSpan.FromMilliseconds(150) })));
        var retrying = await Bounded(broker.GetJobAsync(id));
        Assert.Equal(JobState.Retry, retrying!.State);
        Assert.Equal(1, retrying.Failures);
        Assert.Equal("boom 1", retrying.LastError);
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);

        var second = Assert.Single((await FetchUntilAsync(broker, Fetch(queue), TimeSpan.FromSeconds(2))).Jobs);
        Assert.Equal(2, second.Attempt);
        Assert.True(await Bounded(broker.FailAsync(new JobFailure { Lease = second.Lease, Error = "boom 2", Disposition = FailureDisposition.Dead })));

        var dead = await Bounded(broker.GetJobAsync(id));
        Assert.Equal(JobState.Dead, dead!.State);
        Assert.Equal("boom 2", dead.LastError);
        Assert.NotNull(dead.EndedAt);
        Assert.Equal(id, Assert.Single(await Bounded(broker.GetDeadJobsAsync(queue, 0, 10))).Id);
        Assert.False(await Bounded(broker.FailAsync(new JobFailure { Lease = second.Lease, Error = "again", Disposition = FailureDisposition.Dead })));

        Assert.True(await Bounded(broker.RetryDeadAsync(id)));
        var third = await FetchOneAsync(broker, queue);
        Assert.Equal(1, third.Attempt);
        Assert.Empty(await Bounded(broker.GetDeadJobsAsync(queue, 0, 10)));
    }

    [Fact]
    public async Task The_dead_list_shows_the_latest_death_first()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var ids = await EnqueueAsync(broker, queue, 3);
        foreach (var job in (await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs)
        {
            await Bounded(broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "dead", Disposition = FailureDisposition.Dead }));
            await Task.Delay(5);
        }

        var dead = await Bounded(broker.GetDeadJobsAsync(queue, 0, 10));
        var page = await Bounded(broker.GetDeadJobsAsync(queue, 1, 1));

        Assert.Equal(ids.Reverse(), dead.Select(j => j.Id));
        Assert.Equal(ids[1], Assert.Single(page).Id);
    }

    [Fact]
    public async Task A_requeued_job_is_fetched_next_without_counting_an_attempt()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var ids = await EnqueueAsync(broker, queue, 2);
        var job = await FetchOneAsync(broker, queue);

        Assert.True(await Bounded(broker.RequeueAsync(job.Lease)));
        Assert.False(await Bounded(broker.RequeueAsync(job.Lease)));
        var again = await Bounded(broker.FetchAsync(Fetch(queue)));

        Assert.Equal([ids[0], ids[1]], again.Jobs.Select(j => j.Id));
        Assert.Equal(1, again.Jobs[0].Attempt);
    }

    [Fact]
    public async Task Bulk_enqueue_stores_every_job_in_order()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var requests = Enumerable.Range(0, 200).Select(_ => Job(queue)).ToList();

        var results = await Bounded(broker.EnqueueManyAsync(requests));

        Assert.Equal(requests.Select(r => r.Id), results.Select(r => r.Id));
        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal(200, (await Bounded(broker.GetQueueStatsAsync(queue))).Pending);
        var fetched = await Bounded(broker.FetchAsync(Fetch(queue, 200)));
        Assert.Equal(requests.Select(r => r.Id), fetched.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_bulk_enqueue_over_several_queues_answers_each_request_in_its_place()
    {
        var broker = await CreateBrokerAsync();
        string first = NewQueue(), second = NewQueue();
        var repeated = JobId.New();
        var lockKey = "bulk-" + Guid.NewGuid().ToString("N");
        var requests = new List<EnqueueRequest>();
        for (int i = 0; i < 250; i++)
            requests.Add(Job(i % 3 == 0 ? second : first));
        requests.Insert(10, Job(first, id: repeated));
        requests.Insert(200, Job(first, id: repeated));
        requests.Insert(20, Job(first, unique: new UniqueLock(lockKey, TimeSpan.FromMinutes(1))));
        requests.Insert(30, Job(first, unique: new UniqueLock(lockKey, TimeSpan.FromMinutes(1))));
        requests.Insert(40, Job(second, dueAt: DateTimeOffset.UtcNow.AddMinutes(5)));

        var results = await Bounded(broker.EnqueueManyAsync(requests));

        var duplicates = Enumerable.Range(0, requests.Count).Where(i => results[i].Duplicate).ToArray();
        Assert.Equal([30, 203], duplicates);
        Assert.Equal(requests[20].Id, results[30].Id);
        Assert.Equal(repeated, results[203].Id);
        Assert.All(Enumerable.Range(0, requests.Count).Except(duplicates), i => Assert.Equal(requests[i].Id, results[i].Id));
        var firstIds = requests.Where((r, i) => r.Queue == first && !duplicates.Contains(i)).Select(r => r.Id).ToList();
        var fetched = await Bounded(broker.FetchAsync(Fetch(first, 1000)));
        Assert.Equal(firstIds, fetched.Jobs.Select(j => j.Id));
        var stats = await Bounded(broker.GetQueueStatsAsync(second));
        Assert.Equal((84L, 1L), (stats.Pending, stats.Scheduled));
    }

    [Fact]
    public async Task A_paused_queue_is_not_fetched_from_until_resumed()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue(), other = NewQueue();
        await Bounded(broker.PauseAsync(queue));
        var id = (await EnqueueAsync(broker, queue, 1))[0];
        var otherId = (await EnqueueAsync(broker, other, 1))[0];

        var whilePaused = await Bounded(broker.FetchAsync(Fetch([queue, other])));
        Assert.Equal([otherId], whilePaused.Jobs.Select(j => j.Id));
        Assert.True((await Bounded(broker.GetQueueStatsAsync(queue))).Paused);

        await Bounded(broker.ResumeAsync(queue));
        Assert.False((await Bounded(broker.GetQueueStatsAsync(queue))).Paused);
        Assert.Equal(id, (await FetchOneAsync(broker, queue)).Id);
    }

    [Fact]
    public async Task Stats_count_jobs_by_state_and_attempts_by_outcome()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        await EnqueueAsync(broker, queue, 5);
        await Bounded(broker.EnqueueAsync(Job(queue, dueAt: DateTimeOffset.UtcNow.AddMinutes(5))));
        var jobs = (await Bounded(broker.FetchAsync(Fetch(queue, 4)))).Jobs;
        await AckAsync(broker, jobs[0]);
        await Bounded(broker.FailAsync(new JobFailure { Lease = jobs[1].Lease, Error = "x", RetryDelay = TimeSpan.FromMinutes(5) }));
        await Bounded(broker.FailAsync(new JobFailure { Lease = jobs[2].Lease, Error = "x", Disposition = FailureDisposition.Dead }));

        var stats = await Bounded(broker.GetQueueStatsAsync(queue));

        Assert.Equal(
            new QueueStats { Queue = queue, Pending = 1, Active = 1, Scheduled = 1, Retry = 1, Dead = 1, Succeeded = 1, Failed = 2 },
            stats);
        Assert.Contains(queue, await Bounded(broker.GetQueuesAsync()));
    }

    [Fact]
    public async Task Unknown_ids_and_queues_are_reported_as_such()
    {
        var broker = await CreateBrokerAsync();
        var id = JobId.New();
        var lease = new JobLease(NewQueue(), id, 1);

        Assert.Null(await Bounded(broker.GetJobAsync(id)));
        Assert.False(await Bounded(broker.DeleteJobAsync(id)));
        Assert.Equal(CancelOutcome.NotFound, await Bounded(broker.RequestCancelAsync(id)));
        Assert.False(await Bounded(broker.RetryDeadAsync(id)));
        Assert.False(await Bounded(broker.RequeueAsync(lease)));
        Assert.False(await Bounded(broker.SetProgressAsync(lease, 50)));
        Assert.Equal([id], (await Bounded(broker.AckAndFetchAsync([new JobAck { Lease = lease }], null))).Refused);
        Assert.Equal([id], (await Bounded(broker.ExtendLeasesAsync([lease], TimeSpan.FromSeconds(1)))).Lost);
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(NewQueue())))).Jobs);
        Assert.Equal(new QueueStats { Queue = lease.Queue }, await Bounded(broker.GetQueueStatsAsync(lease.Queue)));
    }

    [Fact]
    public async Task Invalid_queue_names_are_rejected_with_the_rule()
    {
        var broker = await CreateBrokerAsync();

        var braces = await Assert.ThrowsAsync<ArgumentException>(() => broker.EnqueueAsync(Job("a{b}")).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => broker.EnqueueAsync(Job(new string('q', 101))).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => broker.FetchAsync(Fetch("")).AsTask());

        Assert.Contains("'{'", braces.Message);
    }
}
