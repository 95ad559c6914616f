using System.Diagnostics;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.TestSupport.Brokers;

public abstract partial class BrokerContractTests
{
    [Fact]
    public async Task Ack_and_fetch_completes_a_batch_and_leases_the_next_jobs_in_one_call()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var ids = await EnqueueAsync(broker, queue, 4);
        var batch = (await Bounded(broker.FetchAsync(Fetch(queue, 2)))).Jobs;

        var result = await Bounded(broker.AckAndFetchAsync(batch.Select(j => new JobAck { Lease = j.Lease }).ToList(), Fetch(queue, 5)));

        Assert.Empty(result.Refused);
        Assert.Equal([ids[2], ids[3]], result.Next.Jobs.Select(j => j.Id));
        Assert.Null(await Bounded(broker.GetJobAsync(ids[0])));
        Assert.Equal(2, (await Bounded(broker.GetQueueStatsAsync(queue))).Succeeded);
    }

    [Fact]
    public async Task A_kept_result_is_visible_until_it_expires_and_an_unkept_job_leaves_no_trace()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        await EnqueueAsync(broker, queue, 2);
        var jobs = (await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs;

        await AckAsync(broker, jobs[0], result: new byte[] { 0x2A }, keepFor: TimeSpan.FromMilliseconds(300));
        await AckAsync(broker, jobs[1]);

        var kept = await Bounded(broker.GetJobAsync(jobs[0].Id));
        Assert.Equal(JobState.Succeeded, kept!.State);
        Assert.Equal(new byte[] { 0x2A }, kept.Result!.Value.ToArray());
        Assert.NotNull(kept.EndedAt);
        Assert.Equal(1, (await Bounded(broker.GetQueueStatsAsync(queue))).Kept);
        Assert.Null(await Bounded(broker.GetJobAsync(jobs[1].Id)));

        await Task.Delay(450);
        Assert.Null(await Bounded(broker.GetJobAsync(jobs[0].Id)));
    }

    [Fact]
    public async Task A_job_can_be_followed_through_its_states()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var request = Job(queue);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-5);
        await Bounded(broker.EnqueueAsync(request));

        var pending = await Bounded(broker.GetJobAsync(request.Id));
        Assert.Equal(JobState.Pending, pending!.State);
        Assert.Equal(queue, pending.Queue);
        Assert.Equal("contract.task", pending.TaskName);
        Assert.Equal(request.Envelope.ToArray(), pending.Envelope.ToArray());
        Assert.InRange(pending.EnqueuedAt, before, DateTimeOffset.UtcNow.AddMilliseconds(5));

        var job = await FetchOneAsync(broker, queue);
        Assert.True(await Bounded(broker.SetProgressAsync(job.Lease, 40)));
        var active = await Bounded(broker.GetJobAsync(request.Id));
        Assert.Equal(JobState.Active, active!.State);
        Assert.Equal("contract-worker", active.WorkerId);
        Assert.Equal(40, active.Progress);
        Assert.NotNull(active.StartedAt);
    }

    [Fact]
    public async Task A_unique_job_returns_the_holder_until_its_lock_is_released()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var unique = new UniqueLock("report:42", TimeSpan.FromMinutes(1));

        var first = await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)));
        var duplicate = await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)));
        var otherKey = await Bounded(broker.EnqueueAsync(Job(queue, unique: unique with { Key = "report:43" })));

        Assert.False(first.Duplicate);
        Assert.Equal(new EnqueueResult(first.Id, Duplicate: true), duplicate);
        Assert.False(otherKey.Duplicate);
        Assert.Equal(2, (await Bounded(broker.GetQueueStatsAsync(queue))).Pending);

        var job = await FetchOneAsync(broker, queue);
        Assert.True((await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)))).Duplicate);
        await AckAsync(broker, job);
        Assert.False((await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)))).Duplicate);
    }

    [Fact]
    public async Task An_until_started_unique_lock_is_released_when_the_job_is_fetched()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var unique = new UniqueLock("sync", TimeSpan.FromMinutes(1), UniqueMode.UntilStarted);
        await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)));

        await FetchOneAsync(broker, queue);

        Assert.False((await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)))).Duplicate);
    }

    [Fact]
    public async Task A_unique_lock_expires_after_its_ttl()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var unique = new UniqueLock("ttl", TimeSpan.FromMilliseconds(100));
        await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)));

        await Task.Delay(200);

        Assert.False((await Bounded(broker.EnqueueAsync(Job(queue, unique: unique)))).Duplicate);
    }

    [Fact]
    public async Task A_queue_with_its_own_dead_retention_keeps_only_its_latest_dead_jobs()
    {
        string small = NewQueue(), large = NewQueue();
        var broker = await CreateBrokerAsync(new Dictionary<string, DeadRetention> { [small] = new(2, TimeSpan.FromDays(1)) });
        foreach (string queue in new[] { small, large })
        {
            for (int i = 0; i < 5; i++)
            {
                await Bounded(broker.EnqueueAsync(Job(queue)));
                var job = Assert.Single((await Bounded(broker.FetchAsync(Fetch(queue, 1)))).Jobs);
                Assert.True(await Bounded(broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom", Disposition = FailureDisposition.Dead })));
            }
        }

        Assert.Equal(2, (await Bounded(broker.GetDeadJobsAsync(small, 0, 100))).Count);
        Assert.Equal(5, (await Bounded(broker.GetDeadJobsAsync(large, 0, 100))).Count);
    }

    [Fact]
    public async Task Exactly_one_of_the_members_finishing_a_group_sees_it_complete_and_repeats_are_idempotent()
    {
        var broker = await CreateBrokerAsync();
        string group = Guid.NewGuid().ToString("N");
        var members = Enumerable.Range(0, 50).Select(_ => JobId.New()).ToArray();

        var results = await Task.WhenAll(members.Select(m => Task.Run(() => broker.MarkGroupMemberDoneAsync(group, m, 50, TimeSpan.FromMinutes(1)).AsTask())));

        Assert.Equal(1, results.Count(r => r));
        Assert.True(await Bounded(broker.MarkGroupMemberDoneAsync(group, members[0], 50, TimeSpan.FromMinutes(1))));
        string other = Guid.NewGuid().ToString("N");
        Assert.False(await Bounded(broker.MarkGroupMemberDoneAsync(other, members[0], 2, TimeSpan.FromMinutes(1))));
        Assert.False(await Bounded(broker.MarkGroupMemberDoneAsync(other, members[0], 2, TimeSpan.FromMinutes(1))));
        Assert.True(await Bounded(broker.MarkGroupMemberDoneAsync(other, members[1], 2, TimeSpan.FromMinutes(1))));
    }

    [Fact]
    public async Task Enqueueing_an_existing_id_keeps_the_first_job()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var id = JobId.New();

        var first = await Bounded(broker.EnqueueAsync(Job(queue, id: id)));
        var second = await Bounded(broker.EnqueueAsync(Job(queue, id: id)));

        Assert.False(first.Duplicate);
        Assert.Equal(new EnqueueResult(id, Duplicate: true), second);
        Assert.Equal(1, (await Bounded(broker.GetQueueStatsAsync(queue))).Pending);
    }

    [Fact]
    public async Task Cancelling_a_waiting_job_keeps_it_from_running()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var pending = (await EnqueueAsync(broker, queue, 1))[0];
        var scheduled = (await Bounded(broker.EnqueueAsync(Job(queue, dueAt: DateTimeOffset.UtcNow.AddMilliseconds(50))))).Id;

        Assert.Equal(CancelOutcome.Cancelled, await Bounded(broker.RequestCancelAsync(pending)));
        Assert.Equal(CancelOutcome.Cancelled, await Bounded(broker.RequestCancelAsync(scheduled)));
        Assert.Equal(CancelOutcome.AlreadyEnded, await Bounded(broker.RequestCancelAsync(pending)));
        await Task.Delay(100);

        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
        Assert.Equal(JobState.Cancelled, (await Bounded(broker.GetJobAsync(pending)))!.State);
        var stats = await Bounded(broker.GetQueueStatsAsync(queue));
        Assert.Equal((0, 0, 2L), (stats.Pending, stats.Scheduled, stats.Kept));
    }

    [Fact]
    public async Task Cancelling_a_running_job_reaches_its_worker_through_lease_renewal()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        await EnqueueAsync(broker, queue, 1);
        var job = await FetchOneAsync(broker, queue);

        Assert.Equal(CancelOutcome.Requested, await Bounded(broker.RequestCancelAsync(job.Id)));
        Assert.True((await Bounded(broker.GetJobAsync(job.Id)))!.CancelRequested);
        var renewal = await Bounded(broker.ExtendLeasesAsync([job.Lease], TimeSpan.FromSeconds(15)));
        Assert.Equal([job.Id], renewal.CancelRequested);
        Assert.Empty(renewal.Lost);

        Assert.True(await Bounded(broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "cancelled", Disposition = FailureDisposition.Cancelled })));
        var info = await Bounded(broker.GetJobAsync(job.Id));
        Assert.Equal(JobState.Cancelled, info!.State);
        Assert.Equal(0, (await Bounded(broker.GetQueueStatsAsync(queue))).Active);
    }

    [Fact]
    public async Task A_deleted_job_is_gone_from_its_queue()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var ids = await EnqueueAsync(broker, queue, 2);
        var scheduled = (await Bounded(broker.EnqueueAsync(Job(queue, dueAt: DateTimeOffset.UtcNow.AddMinutes(1))))).Id;

        Assert.True(await Bounded(broker.DeleteJobAsync(ids[0])));
        Assert.True(await Bounded(broker.DeleteJobAsync(scheduled)));
        Assert.False(await Bounded(broker.DeleteJobAsync(ids[0])));

        Assert.Equal([ids[1]], (await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs.Select(j => j.Id));
        Assert.Equal(0, (await Bounded(broker.GetQueueStatsAsync(queue))).Scheduled);
    }

    [Fact]
    public async Task A_waiting_worker_wakes_within_milliseconds_of_an_enqueue()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        var latencies = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            string[] queues = [queue, NewQueue()];
            Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queues)))).Jobs);
            var wait = broker.WaitForWorkAsync(queues, TimeSpan.FromSeconds(5)).AsTask();
            await Task.Delay(30);
            Assert.False(wait.IsCompleted);
            var clock = Stopwatch.StartNew();
            await Bounded(broker.EnqueueAsync(Job(queue)));
            Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Single((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
        }

        latencies.Sort();
        Assert.True(latencies[2] < 50, $"median wake-up latency {latencies[2]:F1} ms");
    }

    [Fact]
    public async Task Work_that_arrived_before_the_wait_wakes_the_worker_at_once_and_an_idle_wait_times_out()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
        var clock = Stopwatch.StartNew();

        Assert.False(await Bounded(broker.WaitForWorkAsync([queue], TimeSpan.FromMilliseconds(150))));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(120), $"the wait ended after {clock.Elapsed.TotalMilliseconds} ms");

        await Bounded(broker.EnqueueAsync(Job(queue)));
        clock.Restart();
        Assert.True(await Bounded(broker.WaitForWorkAsync([queue], TimeSpan.FromSeconds(5))));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_resumed_queue_wakes_waiting_workers()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        await Bounded(broker.PauseAsync(queue));
        await Bounded(broker.EnqueueAsync(Job(queue)));
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);

        // The job in the paused queue does not end a wait: it runs to its own timeout.
        Assert.False(await Bounded(broker.WaitForWorkAsync([queue], TimeSpan.FromMilliseconds(100))));
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
        // No pause before the resume: the contract is that work arriving after the fetch ends the wait, even when it
        // arrives before the wait has begun.
        var wait = broker.WaitForWorkAsync([queue], TimeSpan.FromSeconds(5)).AsTask();
        await Bounded(broker.ResumeAsync(queue));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_worker_waiting_on_a_queue_paused_under_it_is_still_woken_when_the_queue_resumes()
    {
        var broker = await CreateBrokerAsync();
        string queue = NewQueue();
        Assert.Empty((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
        var wait = broker.WaitForWorkAsync([queue], TimeSpan.FromSeconds(5)).AsTask();
        await Bounded(broker.PauseAsync(queue));

        // An enqueue into the paused queue may end the wait or not, but must not lose the waiter. No pause before the
        // resume: a broker meets the enqueue before the resume that follows it (one script after the other on the
        // queue's slot, one ordered feed of changes), and a waiter that the enqueue woke and that waits again must not
        // miss a resume that comes at once.
        await Bounded(broker.EnqueueAsync(Job(queue)));
        await Bounded(broker.ResumeAsync(queue));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Single((await Bounded(broker.FetchAsync(Fetch(queue)))).Jobs);
    }

    [Fact]
    public async Task A_queue_that_held_no_job_for_the_idle_time_leaves_the_queue_list_and_its_next_job_brings_it_back()
    {
        var broker = await CreateBrokerForgettingIdleQueuesAsync(TimeSpan.FromMilliseconds(300));
        string drained = NewQueue(), dead = NewQueue(), waiting = NewQueue();
        await Bounded(broker.EnqueueAsync(Job(drained)));
        await Bounded(broker.EnqueueAsync(Job(waiting, dueAt: DateTimeOffset.UtcNow.AddHours(1))));
        await Bounded(broker.EnqueueAsync(Job(dead)));
        var failing = await FetchOneAsync(broker, dead);
        await Bounded(broker.FailAsync(new JobFailure { Lease = failing.Lease, Error = "boom", Disposition = FailureDisposition.Dead }));
        await AckAsync(broker, await FetchOneAsync(broker, drained));
        Assert.Equal(1, (await Bounded(broker.GetQueueStatsAsync(drained))).Succeeded);

        await Task.Delay(500);
        var listed = await Bounded(broker.GetQueuesAsync());

        // The drained queue is forgotten; a queue with a scheduled job or a dead one still holds jobs and stays.
        Assert.DoesNotContain(drained, listed);
        Assert.Contains(waiting, listed);
        Assert.Contains(dead, listed);
        await Bounded(broker.EnqueueAsync(Job(drained)));
        Assert.Contains(drained, await Bounded(broker.GetQueuesAsync()));
    }
}
