using System.Globalization;
using TypedTasks.Brokers;
using TypedTasks.Redis.Resp;

namespace TypedTasks.Redis;

public sealed partial class RedisBroker
{
    /// <inheritdoc />
    public async ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (timeout <= TimeSpan.Zero)
            return false;
        var args = new List<RedisArg>(queues.Count + 1);
        foreach (string queue in queues)
            args.Add(_keys.Marker(QueueName.Validate(queue, nameof(queues))));
        // BZPOPMIN takes seconds with decimals and reads 0 as "forever", so the timeout never goes below 10 ms.
        args.Add(Math.Max(0.01, timeout.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture));
        var reply = await _redis.ExecuteBlockingAsync("BZPOPMIN", args, cancellationToken).OffReplyThread();
        return !reply.IsNull;
    }

    /// <inheritdoc />
    public async ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        string? queue = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (queue is null)
            return CancelOutcome.NotFound;
        var args = new List<RedisArg> { id.Value, (long)_options.KeepCancelledFor.TotalMilliseconds };
        var reply = await _redis.EvalAsync(RedisScripts.Cancel, _keys.Group(queue), args, cancellationToken).OffReplyThread();
        return (CancelOutcome)(int)reply.AsInt64();
    }

    /// <inheritdoc />
    public async ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var queues = await GetQueuesAsync(cancellationToken).ConfigureAwait(false);
        if (queues.Count == 0)
            return null;
        var batch = _redis.CreateBatch();
        var replies = new Task<RedisValue>[queues.Count];
        for (int i = 0; i < queues.Count; i++)
            replies[i] = batch.ExecuteAsync("HGETALL", [_keys.Job(queues[i], id)]);
        await batch.ExecuteAsync(cancellationToken).OffReplyThread();
        for (int i = 0; i < queues.Count; i++)
        {
            var fields = await replies[i].ConfigureAwait(false);
            if (fields.Count > 0)
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
        var reply = await _redis.EvalAsync(RedisScripts.Delete, _keys.Group(queue), [id.Value], cancellationToken).OffReplyThread();
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        var reply = await _redis.EvalAsync(RedisScripts.Stats, _keys.Group(QueueName.Validate(queue)), [], cancellationToken).OffReplyThread();
        return new QueueStats
        {
            Queue = queue,
            Pending = reply[0].AsInt64(),
            Active = reply[1].AsInt64(),
            Scheduled = reply[2].AsInt64(),
            Retry = reply[3].AsInt64(),
            Dead = reply[4].AsInt64(),
            Kept = reply[5].AsInt64(),
            Succeeded = reply[6].AsInt64(),
            Failed = reply[7].AsInt64(),
            Paused = reply[8].AsInt64() == 1,
        };
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        var reply = await _redis.ExecuteAsync("SMEMBERS", [_keys.Queues], cancellationToken).OffReplyThread();
        var names = new List<string>(reply.Count);
        for (int i = 0; i < reply.Count; i++)
            names.Add(reply[i].AsString());
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public async ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default)
    {
        var keys = _keys.Group(QueueName.Validate(queue));
        keys.Add(_keys.Queues);
        await _redis.EvalAsync(RedisScripts.Pause, keys, [queue], cancellationToken).OffReplyThread();
    }

    /// <inheritdoc />
    public async ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default) =>
        await _redis.EvalAsync(RedisScripts.Resume, _keys.Group(QueueName.Validate(queue)), [], cancellationToken).OffReplyThread();

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
            return [];
        var ids = await _redis.ExecuteAsync("ZREVRANGE", [_keys.Dead(queue), offset, offset + count - 1], cancellationToken).OffReplyThread();
        if (ids.Count == 0)
            return [];
        var batch = _redis.CreateBatch();
        var replies = new Task<RedisValue>[ids.Count];
        for (int i = 0; i < ids.Count; i++)
            replies[i] = batch.ExecuteAsync("HGETALL", [_keys.Job(queue, new JobId(ids[i].AsString()))]);
        await batch.ExecuteAsync(cancellationToken).OffReplyThread();
        var jobs = new List<JobInfo>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            var fields = await replies[i].ConfigureAwait(false);
            if (fields.Count > 0)
                jobs.Add(RedisJobInfo.Read(new JobId(ids[i].AsString()), queue, fields));
        }
        return jobs;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        string? queue = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (queue is null)
            return false;
        var reply = await _redis.EvalAsync(RedisScripts.RetryDead, _keys.Group(queue), [id.Value], cancellationToken).OffReplyThread();
        return reply.AsInt64() == 1;
    }

    /// <summary>
    /// Finds the queue holding a job: the client knows only the id, and job keys live under their queue's hash tag, so
    /// one pipelined EXISTS per known queue (queues are few) replaces a global id index that every enqueue would pay for.
    /// </summary>
    private async ValueTask<string?> LocateAsync(JobId id, CancellationToken cancellationToken)
    {
        var queues = await GetQueuesAsync(cancellationToken).ConfigureAwait(false);
        if (queues.Count == 0)
            return null;
        var batch = _redis.CreateBatch();
        var replies = new Task<RedisValue>[queues.Count];
        for (int i = 0; i < queues.Count; i++)
            replies[i] = batch.ExecuteAsync("EXISTS", [_keys.Job(queues[i], id)]);
        await batch.ExecuteAsync(cancellationToken).OffReplyThread();
        for (int i = 0; i < queues.Count; i++)
        {
            if ((await replies[i].ConfigureAwait(false)).AsInt64() == 1)
                return queues[i];
        }
        return null;
    }
}
