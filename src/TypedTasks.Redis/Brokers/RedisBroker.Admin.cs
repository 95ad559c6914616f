using StackExchange.Redis;
using TypedTasks.Brokers;

namespace TypedTasks.Redis;

public sealed partial class RedisBroker
{
    /// <inheritdoc />
    public async ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        string? queue = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (queue is null)
            return CancelOutcome.NotFound;
        var reply = await EvalAsync(RedisScripts.Cancel, queue, [id.Value, (long)_options.KeepCancelledFor.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
        return (CancelOutcome)(int)reply;
    }

    /// <inheritdoc />
    public async ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var queues = await GetQueuesAsync(cancellationToken).ConfigureAwait(false);
        var replies = queues.Select(queue => _redis.Database.HashGetAllAsync(_keys.Job(queue, id))).ToList();
        for (int i = 0; i < queues.Count; i++)
        {
            var fields = await replies[i].WaitAsync(cancellationToken).ConfigureAwait(false);
            if (fields.Length > 0)
                return RedisJobInfo.Read(id, queues[i], fields);
        }
        return null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        string? queue = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (queue is null)
            return false;
        var reply = await EvalAsync(RedisScripts.Delete, queue, [id.Value], cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        var reply = await EvalAsync(RedisScripts.Stats, QueueName.Validate(queue), [], cancellationToken).ConfigureAwait(false);
        return new QueueStats
        {
            Queue = queue,
            Pending = (long)reply[0],
            Active = (long)reply[1],
            Scheduled = (long)reply[2],
            Retry = (long)reply[3],
            Dead = (long)reply[4],
            Kept = (long)reply[5],
            Succeeded = (long)reply[6],
            Failed = (long)reply[7],
            Paused = (long)reply[8] == 1,
        };
    }

    /// <inheritdoc />
    /// <remarks>A queue that has held no job for <see cref="BrokerOptions.ForgetIdleQueuesAfter"/> leaves the list.</remarks>
    public async ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        await _queues.ListAsync(IsIdleAsync).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Whether a queue holds no job at all and is not paused: only such a queue may leave the list.</summary>
    private async Task<bool> IsIdleAsync(string queue)
    {
        var stats = await GetQueueStatsAsync(queue).ConfigureAwait(false);
        return stats is { Pending: 0, Active: 0, Scheduled: 0, Retry: 0, Dead: 0, Kept: 0, Paused: false };
    }

    /// <inheritdoc />
    public async ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        var touch = _queues.Touch(queue, force: true);
        await EvalAsync(RedisScripts.Pause, queue, [], cancellationToken).ConfigureAwait(false);
        if (touch is not null)
            await touch.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default) =>
        await EvalAsync(RedisScripts.Resume, QueueName.Validate(queue), [], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
            return [];
        var ids = await _redis.Database.SortedSetRangeByRankAsync(_keys.Dead(queue), offset, offset + count - 1, Order.Descending)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        // One slot: the dead set and the job hashes share the queue's hash tag, so the reads pipeline to one server.
        var replies = ids.Select(id => _redis.Database.HashGetAllAsync(_keys.Job(queue, new JobId(id!)))).ToList();
        var jobs = new List<JobInfo>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            var fields = await replies[i].WaitAsync(cancellationToken).ConfigureAwait(false);
            if (fields.Length > 0)
                jobs.Add(RedisJobInfo.Read(new JobId(ids[i]!), queue, fields));
        }
        return jobs;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        string? queue = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (queue is null)
            return false;
        var reply = await EvalAsync(RedisScripts.RetryDead, queue, [id.Value], cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <summary>
    /// Finds the queue holding a job: the client knows only the id, and job keys live under their queue's hash tag, so
    /// one pipelined EXISTS per known queue (queues are few; on a cluster each goes to its queue's slot) replaces a
    /// global id index that every enqueue would pay for.
    /// </summary>
    private async ValueTask<string?> LocateAsync(JobId id, CancellationToken cancellationToken)
    {
        var queues = await GetQueuesAsync(cancellationToken).ConfigureAwait(false);
        var replies = queues.Select(queue => _redis.Database.KeyExistsAsync(_keys.Job(queue, id))).ToList();
        for (int i = 0; i < queues.Count; i++)
        {
            if (await replies[i].WaitAsync(cancellationToken).ConfigureAwait(false))
                return queues[i];
        }
        return null;
    }
}
