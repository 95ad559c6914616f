using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

public sealed partial class PostgresBroker
{
    /// <inheritdoc />
    public async ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Cancel, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)_options.KeepCancelledFor.TotalMilliseconds });
        var before = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return before switch
        {
            null => CancelOutcome.NotFound,
            short state when state == (short)JobState.Active => CancelOutcome.Requested,
            short state when state is (short)JobState.Scheduled or (short)JobState.Pending or (short)JobState.Retry => CancelOutcome.Cancelled,
            _ => CancelOutcome.AlreadyEnded,
        };
    }

    /// <inheritdoc />
    public async ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Job, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? PostgresJobInfo.Read(reader, id, first: 0) : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Delete, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Value });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        var retention = _options.DeadRetentionFor(queue);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Stats, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = retention.MaxJobs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)retention.MaxAge.TotalMilliseconds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new QueueStats
        {
            Queue = queue,
            Pending = reader.GetInt64(0),
            Active = reader.GetInt64(1),
            Scheduled = reader.GetInt64(2),
            Retry = reader.GetInt64(3),
            Dead = reader.GetInt64(4),
            Kept = reader.GetInt64(5),
            Succeeded = reader.GetInt64(6),
            Failed = reader.GetInt64(7),
            Paused = reader.GetBoolean(8),
        };
    }

    /// <inheritdoc />
    /// <remarks>A queue that has held no job for <see cref="BrokerOptions.ForgetIdleQueuesAfter"/> leaves the list.</remarks>
    public async ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Queues, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _idleQueueMillis });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            names.Add(reader.GetString(0));
        return names;
    }

    /// <inheritdoc />
    public async ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default) =>
        await ExecuteQueueAsync(_sql.Pause, QueueName.Validate(queue), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default) =>
        await ExecuteQueueAsync(_sql.Resume, QueueName.Validate(queue), cancellationToken).ConfigureAwait(false);

    private async Task ExecuteQueueAsync(string sql, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
            return [];
        var retention = _options.DeadRetentionFor(queue);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.DeadJobs, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = offset });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = retention.MaxJobs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)retention.MaxAge.TotalMilliseconds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            jobs.Add(PostgresJobInfo.Read(reader, new JobId(reader.GetString(0)), first: 1));
        return jobs;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.RetryDead, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Value });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
    }
}
