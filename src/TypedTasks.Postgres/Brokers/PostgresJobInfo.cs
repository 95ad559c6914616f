using Npgsql;

namespace TypedTasks.Postgres;

/// <summary>Reads a job row (the columns of <c>Sql/job.sql</c>, from column <c>first</c> on) into a <see cref="JobInfo"/>.</summary>
internal static class PostgresJobInfo
{
    public static JobInfo Read(NpgsqlDataReader row, JobId id, int first) => new()
    {
        Id = id,
        Queue = row.GetString(first),
        TaskName = row.GetString(first + 1),
        State = (JobState)row.GetInt16(first + 2),
        Envelope = row.GetFieldValue<byte[]>(first + 3),
        Failures = row.GetInt32(first + 4),
        Stalls = row.GetInt32(first + 5),
        LastError = row.IsDBNull(first + 6) ? null : row.GetString(first + 6),
        EnqueuedAt = row.GetFieldValue<DateTimeOffset>(first + 7),
        DueAt = Time(row, first + 8),
        StartedAt = Time(row, first + 9),
        EndedAt = Time(row, first + 10),
        WorkerId = row.IsDBNull(first + 11) || row.GetString(first + 11).Length == 0 ? null : row.GetString(first + 11),
        Progress = row.IsDBNull(first + 12) ? null : row.GetDouble(first + 12),
        Result = row.IsDBNull(first + 13) ? default(ReadOnlyMemory<byte>?) : row.GetFieldValue<byte[]>(first + 13),   // a bare null would convert to an empty array
        CancelRequested = row.GetBoolean(first + 14),
    };

    private static DateTimeOffset? Time(NpgsqlDataReader row, int column) =>
        row.IsDBNull(column) ? null : row.GetFieldValue<DateTimeOffset>(column);
}
