using System.Globalization;
using System.Text;
using StackExchange.Redis;
using TypedTasks.Brokers;

namespace TypedTasks.Redis;

/// <summary>
/// The admin queries: per-queue ones are one script call on the queue's slot; workers and cron schedules live in two
/// hashes of expiring records (<see cref="RedisKeys.Workers"/>, <see cref="RedisKeys.Cron"/>), each one key, so every
/// call is one script on one slot and nothing spans slots on a cluster.
/// </summary>
public sealed partial class RedisBroker : IBrokerAdmin
{
    /// <summary>Jobs per retryAll or deleteAll call: each call holds Redis for about a millisecond.</summary>
    private const int BulkBatch = 500;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string queue, JobSet set, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        BrokerAdmin.ValidateListing(queue, set, offset, count);
        if (count == 0)
            return [];
        var reply = await EvalAsync(AdminScripts.ListJobs, queue, [SetKey(set), offset, count], cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobInfo>(reply.Length / 2);
        for (int i = 0; i < reply.Length; i += 2)
        {
            var flat = (RedisResult[])reply[i + 1]!;
            var fields = new HashEntry[flat.Length / 2];
            for (int f = 0; f < fields.Length; f++)
                fields[f] = new HashEntry((RedisValue)flat[2 * f], (RedisValue)flat[2 * f + 1]);
            jobs.Add(RedisJobInfo.Read(new JobId((string)reply[i]!), queue, fields));
        }
        return jobs;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RunNowAsync(JobId id, CancellationToken cancellationToken = default)
    {
        string? queue = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (queue is null)
            return false;
        return (long)await EvalAsync(AdminScripts.RunNow, queue, [id.Value], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<long> RetryAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        BrokerAdmin.ValidateRetrySet(set);
        long moved = 0;
        while (true)
        {
            var reply = await EvalAsync(AdminScripts.RetryAll, queue, [SetKey(set), BulkBatch], cancellationToken).ConfigureAwait(false);
            moved += (long)reply[0];
            if ((long)reply[1] < BulkBatch)
                return moved;
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> DeleteAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        BrokerAdmin.ValidateDeleteSet(set);
        long deleted = 0;
        while (true)
        {
            long batch = (long)await EvalAsync(AdminScripts.DeleteAll, queue, [SetKey(set), BulkBatch], cancellationToken).ConfigureAwait(false);
            deleted += batch;
            if (batch < BulkBatch)
                return deleted;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ThroughputMinute>> GetThroughputAsync(string queue, int minutes,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ThroughputMinute.ValidateMinutes(minutes);
        var reply = await EvalAsync(AdminScripts.Throughput, queue, [minutes], cancellationToken).ConfigureAwait(false);
        long first = (long)reply[0] - minutes + 1;
        var history = new ThroughputMinute[minutes];
        for (int i = 0; i < minutes; i++)
            history[i] = new ThroughputMinute(DateTimeOffset.FromUnixTimeMilliseconds((first + i) * 60_000), (long)reply[1 + 2 * i], (long)reply[2 + 2 * i]);
        return history;
    }

    /// <inheritdoc />
    public async ValueTask RecordWorkerAsync(WorkerStatus worker, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentException.ThrowIfNullOrEmpty(worker.Id);
        await RecordExpiringAsync(_keys.Workers, ttl, [worker.Id, AdminRecordCodec.Encode(worker)], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default) =>
        await _redis.Database.HashDeleteAsync(_keys.Workers, workerId).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WorkerStatus>> GetWorkersAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadExpiringAsync(_keys.Workers, cancellationToken).ConfigureAwait(false);
        return entries.Select(e => AdminRecordCodec.DecodeWorker(e.Payload)).OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async ValueTask RecordCronSchedulesAsync(IReadOnlyList<CronScheduleStatus> schedules, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules.Count == 0)
            return;
        var pairs = new RedisValue[schedules.Count * 2];
        for (int i = 0; i < schedules.Count; i++)
        {
            pairs[2 * i] = "s:" + schedules[i].Id;
            pairs[2 * i + 1] = AdminRecordCodec.Encode(schedules[i]);
        }
        await RecordExpiringAsync(_keys.Cron, ttl, pairs, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RecordCronFireAsync(string scheduleId, DateTimeOffset fireTime, JobId jobId, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleId);
        RedisValue[] args = ["f:" + scheduleId, Math.Max(1, Millis.Ceiling(ttl)), fireTime.ToUnixTimeMilliseconds(), jobId.Value];
        await AdminScripts.CronFired.EvaluateAsync(_redis.Database, [_keys.Cron], args).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CronScheduleStatus>> GetCronSchedulesAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadExpiringAsync(_keys.Cron, cancellationToken).ConfigureAwait(false);
        var fires = new Dictionary<string, (DateTimeOffset At, JobId Job)>(StringComparer.Ordinal);
        foreach (var (field, payload) in entries.Where(e => e.Field.StartsWith("f:", StringComparison.Ordinal)))
        {
            string text = Encoding.UTF8.GetString(payload);
            int colon = text.IndexOf(':');
            fires[field[2..]] = (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text[..colon], CultureInfo.InvariantCulture)), new JobId(text[(colon + 1)..]));
        }
        return entries.Where(e => e.Field.StartsWith("s:", StringComparison.Ordinal))
            .Select(e =>
            {
                var schedule = AdminRecordCodec.DecodeSchedule(e.Payload);
                return fires.TryGetValue(e.Field[2..], out var fire) ? schedule with { LastFireAt = fire.At, LastJobId = fire.Job } : schedule;
            })
            .OrderBy(s => s.TaskName, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    private async Task RecordExpiringAsync(string hash, TimeSpan ttl, RedisValue[] pairs, CancellationToken cancellationToken)
    {
        var args = new RedisValue[1 + pairs.Length];
        args[0] = Math.Max(1, Millis.Ceiling(ttl));
        pairs.CopyTo(args, 1);
        await AdminScripts.RecordExpiring.EvaluateAsync(_redis.Database, [hash], args).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<(string Field, byte[] Payload)>> ReadExpiringAsync(string hash, CancellationToken cancellationToken)
    {
        var reply = await AdminScripts.ReadExpiring.EvaluateAsync(_redis.Database, [hash], []).WaitAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<(string, byte[])>(reply.Length / 2);
        for (int i = 0; i < reply.Length; i += 2)
            entries.Add(((string)reply[i]!, (byte[])reply[i + 1]!));
        return entries;
    }

    /// <summary>The name <c>lib.lua</c>'s key group gives a set.</summary>
    private static string SetKey(JobSet set) => set switch
    {
        JobSet.Pending => "pending",
        JobSet.Active => "active",
        JobSet.Scheduled => "scheduled",
        JobSet.Retry => "retry",
        JobSet.Dead => "dead",
        _ => "completed",
    };
}
