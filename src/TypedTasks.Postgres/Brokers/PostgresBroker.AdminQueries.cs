using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

/// <summary>
/// <see cref="IBrokerAdmin"/> on PostgreSQL: each operation one statement of <c>Sql/</c>; bulk retry and delete repeat
/// theirs in batches of <see cref="PostgresBrokerOptions.PurgeBatch"/>, so no transaction holds a whole set.
/// </summary>
public sealed partial class PostgresBroker : IBrokerAdmin
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string queue, JobSet set, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        BrokerAdmin.ValidateListing(queue, set, offset, count);
        if (count == 0)
            return [];
        var retention = _options.DeadRetentionFor(queue);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.ListJobs, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)set });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = offset });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = retention.MaxJobs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Millis.Ceiling(retention.MaxAge) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            jobs.Add(PostgresJobInfo.Read(reader, new JobId(reader.GetString(0)), first: 1));
        return jobs;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RunNowAsync(JobId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.RunNow, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Value });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
    }

    /// <inheritdoc />
    public async ValueTask<long> RetryAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        short state = StatesOf(BrokerAdmin.ValidateRetrySet(set))[0];
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.RetryAll, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = state });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.PurgeBatch });
        long moved = 0;
        while (true)
        {
            long picked;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                picked = reader.GetInt64(0);
                moved += reader.GetInt64(1);
            }
            if (picked < _options.PurgeBatch)
                return moved;
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> DeleteAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        var states = StatesOf(BrokerAdmin.ValidateDeleteSet(set));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.DeleteAll, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = states });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.PurgeBatch });
        long deleted = 0;
        while (true)
        {
            long batch = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            deleted += batch;
            if (batch < _options.PurgeBatch)
                return deleted;
        }
    }

    /// <summary>The job states (the <c>state</c> column) a set holds.</summary>
    private static short[] StatesOf(JobSet set) => set switch
    {
        JobSet.Pending => [(short)JobState.Pending],
        JobSet.Active => [(short)JobState.Active],
        JobSet.Scheduled => [(short)JobState.Scheduled],
        JobSet.Retry => [(short)JobState.Retry],
        JobSet.Dead => [(short)JobState.Dead],
        _ => [(short)JobState.Succeeded, (short)JobState.Cancelled],
    };

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ThroughputMinute>> GetThroughputAsync(string queue, int minutes,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ThroughputMinute.ValidateMinutes(minutes);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Throughput, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = minutes });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<ThroughputMinute>(minutes);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            history.Add(new ThroughputMinute(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0) * 60_000), reader.GetInt64(1), reader.GetInt64(2)));
        return history;
    }

    /// <inheritdoc />
    public async ValueTask RecordWorkerAsync(WorkerStatus worker, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentException.ThrowIfNullOrEmpty(worker.Id);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.RecordWorker, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = worker.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = worker.Host ?? "" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = worker.ProcessId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = worker.Queues.Select(q => q.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = worker.Queues.Select(q => q.Concurrency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = worker.StartedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = worker.BeatAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = worker.Running.Select(r => r.Id.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = worker.Running.Select(r => r.Queue).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = worker.Running.Select(r => r.TaskName).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = worker.Running.Select(r => r.StartedAt.ToUniversalTime()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(1, Millis.Ceiling(ttl)) });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.RemoveWorker, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WorkerStatus>> GetWorkersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Workers, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var workers = new List<WorkerStatus>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var queueNames = reader.GetFieldValue<string[]>(3);
            var concurrency = reader.GetFieldValue<int[]>(4);
            var runningIds = reader.GetFieldValue<string[]>(7);
            var runningQueues = reader.GetFieldValue<string[]>(8);
            var runningTasks = reader.GetFieldValue<string[]>(9);
            var runningStarted = reader.GetFieldValue<DateTimeOffset[]>(10);
            workers.Add(new WorkerStatus
            {
                Id = reader.GetString(0),
                Host = reader.GetString(1),
                ProcessId = reader.GetInt32(2),
                Queues = queueNames.Select((name, i) => new WorkerQueue(name, concurrency[i])).ToList(),
                StartedAt = reader.GetFieldValue<DateTimeOffset>(5),
                BeatAt = reader.GetFieldValue<DateTimeOffset>(6),
                Running = runningIds.Select((id, i) => new RunningJobStatus(new JobId(id), runningQueues[i], runningTasks[i], runningStarted[i])).ToList(),
            });
        }
        return workers;
    }

    /// <inheritdoc />
    public async ValueTask RecordCronSchedulesAsync(IReadOnlyList<CronScheduleStatus> schedules, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules.Count == 0)
            return;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var schedule in schedules)
        {
            ArgumentNullException.ThrowIfNull(schedule, nameof(schedules));
            var command = new NpgsqlBatchCommand(_sql.RecordCronSchedule);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schedule.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schedule.TaskName });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = schedule.Queue, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schedule.Expression });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schedule.TimeZone });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = schedule.NextFires.Select(f => f.ToUniversalTime()).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = schedule.Host, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = schedule.RecordedAt.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(1, Millis.Ceiling(ttl)) });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RecordCronFireAsync(string scheduleId, DateTimeOffset fireTime, JobId jobId, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.RecordCronFire, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scheduleId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = fireTime.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(1, Millis.Ceiling(ttl)) });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CronScheduleStatus>> GetCronSchedulesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.CronSchedules, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var schedules = new List<CronScheduleStatus>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            schedules.Add(new CronScheduleStatus
            {
                Id = reader.GetString(0),
                TaskName = reader.GetString(1),
                Queue = reader.IsDBNull(2) ? null : reader.GetString(2),
                Expression = reader.GetString(3),
                TimeZone = reader.GetString(4),
                NextFires = reader.GetFieldValue<DateTimeOffset[]>(5),
                Host = reader.IsDBNull(6) ? null : reader.GetString(6),
                RecordedAt = reader.GetFieldValue<DateTimeOffset>(7),
                LastFireAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                LastJobId = reader.IsDBNull(9) ? null : new JobId(reader.GetString(9)),
            });
        }
        return schedules;
    }
}
