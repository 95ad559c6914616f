using TypedTasks.Brokers;
using TypedTasks.TestSupport.Reliability;
using Xunit;

namespace TypedTasks.Postgres.Tests;

/// <summary>Which enqueues wake idle workers: each wake-up costs every idle worker of the queue a fetch.</summary>
public sealed class WakeupTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static EnqueueRequest Job(string queue, DateTimeOffset? dueAt = null) =>
        new() { Id = JobId.New(), Queue = queue, TaskName = "t", Envelope = new byte[] { 0x80 }, DueAt = dueAt };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_scheduled_job_wakes_idle_workers_only_when_it_is_the_queues_earliest(bool bulk)
    {
        var broker = postgres.NewBroker();
        string queue = "w-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await broker.EnqueueAsync(Job(queue, now.AddMinutes(1)));
        await ListeningAsync(broker);
        async Task EnqueueAsync(EnqueueRequest request)
        {
            if (bulk)
                await broker.EnqueueManyAsync([request, Job(queue, request.DueAt!.Value.AddMinutes(5))]);
            else
                await broker.EnqueueAsync(request);
        }

        var wait = broker.WaitForWorkAsync([queue], TimeSpan.FromSeconds(10)).AsTask();
        await EnqueueAsync(Job(queue, now.AddMinutes(2)));
        // Notifications reach the listener in commit order: once a later enqueue's wake-up for another queue has
        // arrived, a wake-up for the job above would have arrived before it.
        string marker = "w-" + Guid.NewGuid().ToString("N")[..12];
        var markerWait = broker.WaitForWorkAsync([marker], TimeSpan.FromSeconds(10)).AsTask();
        await broker.EnqueueAsync(Job(marker));
        Assert.True(await markerWait);
        Assert.False(wait.IsCompleted, "a job due after the queue's earliest woke the waiting worker");

        await EnqueueAsync(Job(queue, now.AddSeconds(30)));
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        var fetched = await broker.FetchAsync(new FetchRequest { Queues = [queue], Count = 10 });
        Assert.Empty(fetched.Jobs);
        Assert.InRange(fetched.NextDueAt!.Value, now.AddSeconds(30).AddMilliseconds(-1), now.AddSeconds(30).AddMilliseconds(1));
    }

    /// <summary>
    /// Waits until the broker's notification connection, which its first wait starts, listens and has received every
    /// notification committed so far. Until it listens, a job that becomes its queue's earliest wakes nobody (waiters
    /// poll for ready jobs only): on a loaded machine the LISTEN came after the enqueues of the test above. Once it
    /// listens, the wake-up of a job enqueued just before a wait may reach that wait: notifications arrive in commit
    /// order, so once the probe's has come, those before it are spent. Only a notification ends a wait for a job due in
    /// an hour.
    /// </summary>
    private static Task ListeningAsync(PostgresBroker broker) =>
        Conditions.WaitAsync(async () =>
        {
            string probe = "probe-" + Guid.NewGuid().ToString("N")[..12];
            var wait = broker.WaitForWorkAsync([probe], TimeSpan.FromSeconds(1)).AsTask();
            await broker.EnqueueAsync(Job(probe, DateTimeOffset.UtcNow.AddHours(1)));
            return await wait;
        }, TimeSpan.FromSeconds(30), "the broker's notification connection to listen", TimeSpan.Zero);

    [Fact]
    public async Task A_wait_ends_when_a_job_falls_due_even_if_its_notification_came_before_the_wait()
    {
        // The broker is not listening yet when the job is enqueued: no notification will reach this wait. A first
        // enqueue (another queue's) opens the broker's connections, so that this job's takes far less than its 400 ms.
        var broker = postgres.NewBroker();
        await broker.EnqueueAsync(Job("w-" + Guid.NewGuid().ToString("N")[..12]));
        string queue = "w-" + Guid.NewGuid().ToString("N")[..12];
        var due = DateTimeOffset.UtcNow.AddMilliseconds(400);
        await broker.EnqueueAsync(Job(queue, due));

        var waitStarted = DateTimeOffset.UtcNow;
        bool woken = await broker.WaitForWorkAsync([queue], TimeSpan.FromSeconds(5));

        // Never before the job is due; soon after it falls due, or after the wait began if a loaded machine made the
        // enqueue itself outlast the 400 ms.
        Assert.True(woken);
        Assert.InRange(DateTimeOffset.UtcNow, due.AddMilliseconds(-5), (due > waitStarted ? due : waitStarted).AddMilliseconds(300));
        Assert.Single((await broker.FetchAsync(new FetchRequest { Queues = [queue], Count = 10 })).Jobs);
    }
}
