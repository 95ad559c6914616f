using System.Globalization;
using TypedTasks.Brokers;
using TypedTasks.Redis;

namespace TypedTasks.Nats;

public sealed partial class NatsBroker
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string queue, JobSet set, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        BrokerAdmin.ValidateListing(queue, set, offset, count);
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return _index.List(queue, set, offset, count).Select(r => r.ToInfo()).ToList();
    }

    /// <inheritdoc />
    public async ValueTask<bool> RunNowAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await MutateAsync(buckets, id, record => record is { State: JobState.Scheduled or JobState.Retry }
            ? Put(record with { State = JobState.Pending, DueAt = null, Front = false }, true)
            : Keep(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<long> RetryAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        BrokerAdmin.ValidateRetrySet(set);
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long moved = 0;
        foreach (var (record, _) in _index.All(queue, set))
        {
            bool done = set == JobSet.Dead
                ? await RetryDeadAsync(record.Id, cancellationToken).ConfigureAwait(false)
                : await RunNowAsync(record.Id, cancellationToken).ConfigureAwait(false);
            moved += done ? 1 : 0;
        }
        return moved;
    }

    /// <inheritdoc />
    public async ValueTask<long> DeleteAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        BrokerAdmin.ValidateDeleteSet(set);
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long deleted = 0;
        foreach (var (record, _) in _index.All(queue, set))
            deleted += await DeleteJobAsync(record.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        return deleted;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ThroughputMinute>> GetThroughputAsync(string queue, int minutes, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ThroughputMinute.ValidateMinutes(minutes);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long current = ThroughputMinute.MinuteOf(_time.GetUtcNow());
        string escaped = NatsKeys.Escape(queue);
        var reads = new Task<(byte[] Value, ulong Revision)?>[minutes];
        for (int i = 0; i < minutes; i++)
        {
            long minute = current - minutes + 1 + i;
            reads[i] = buckets.Minutes.GetAsync(escaped + "." + minute.ToString(CultureInfo.InvariantCulture), cancellationToken).AsTask();
        }
        var counts = await Task.WhenAll(reads).ConfigureAwait(false);
        var history = new ThroughputMinute[minutes];
        for (int i = 0; i < minutes; i++)
        {
            var (succeeded, failed) = counts[i] is { } c ? MetaCodec.ReadLongs(c.Value) : (0, 0);
            history[i] = new ThroughputMinute(Millis.ToTime((current - minutes + 1 + i) * 60_000), succeeded, failed);
        }
        return history;
    }

    /// <inheritdoc />
    public async ValueTask RecordWorkerAsync(WorkerStatus worker, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await buckets.Meta.PutAsync(WorkerKey(worker.Id), MetaCodec.Expiring(NowMs() + Millis.Ceiling(ttl), AdminRecordCodec.Encode(worker)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await buckets.Meta.DeleteAsync(WorkerKey(workerId), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WorkerStatus>> GetWorkersAsync(CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var live = await LiveRecordsAsync(buckets, "worker.>", cancellationToken).ConfigureAwait(false);
        return live.Select(r => AdminRecordCodec.DecodeWorker(r.Payload)).OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async ValueTask RecordCronSchedulesAsync(IReadOnlyList<CronScheduleStatus> schedules, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long expiresAt = NowMs() + Millis.Ceiling(ttl);
        foreach (var schedule in schedules)
        {
            await buckets.Meta.PutAsync("cron." + NatsKeys.Escape(schedule.Id), MetaCodec.Expiring(expiresAt, AdminRecordCodec.Encode(schedule)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask RecordCronFireAsync(string scheduleId, DateTimeOffset fireTime, JobId jobId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleId);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long now = NowMs(), fire = Millis.Of(fireTime);
        var value = MetaCodec.Expiring(now + Millis.Ceiling(ttl), MetaCodec.StringAndTime(jobId.Value, fire));
        await buckets.Meta.UpdateLoopAsync("fire." + NatsKeys.Escape(scheduleId), current =>
        {
            if (current is null)
                return value;
            var (expiresAt, payload) = MetaCodec.ReadExpiring(current);
            return expiresAt > now && MetaCodec.ReadStringAndTime(payload).Time > fire ? null : value;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CronScheduleStatus>> GetCronSchedulesAsync(CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var schedules = (await LiveRecordsAsync(buckets, "cron.>", cancellationToken).ConfigureAwait(false))
            .Select(r => AdminRecordCodec.DecodeSchedule(r.Payload)).ToList();
        var fires = (await LiveRecordsAsync(buckets, "fire.>", cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => NatsKeys.Unescape(r.Key["fire.".Length..]), r => MetaCodec.ReadStringAndTime(r.Payload), StringComparer.Ordinal);
        return schedules
            .Select(s => fires.TryGetValue(s.Id, out var fire) ? s with { LastFireAt = Millis.ToTime(fire.Time), LastJobId = new JobId(fire.Text) } : s)
            .OrderBy(s => s.TaskName, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The unexpired records under a key filter; lapsed ones are deleted on the way.</summary>
    private async ValueTask<List<(string Key, ReadOnlyMemory<byte> Payload)>> LiveRecordsAsync(Buckets buckets, string filter, CancellationToken cancellationToken)
    {
        long now = NowMs();
        var live = new List<(string, ReadOnlyMemory<byte>)>();
        foreach (var (key, value) in await buckets.Meta.ListAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            var (expiresAt, payload) = MetaCodec.ReadExpiring(value);
            if (expiresAt > now)
                live.Add((key, payload));
            else
                await buckets.Meta.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        return live;
    }

    private static string WorkerKey(string workerId) => "worker." + NatsKeys.Escape(workerId);
}
