using System.Globalization;
using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>Reads a job hash (fields documented in <c>Scripts/lib.lua</c>) into a <see cref="JobInfo"/>.</summary>
internal static class RedisJobInfo
{
    public static JobInfo Read(JobId id, string queue, HashEntry[] fields)
    {
        string? taskName = null, error = null, worker = null;
        ReadOnlyMemory<byte> envelope = default;
        ReadOnlyMemory<byte>? result = null;
        long state = 0, failures = 0, stalls = 0, enqueued = 0;
        long? due = null, started = null, ended = null;
        double? progress = null;
        bool cancel = false;
        foreach (var field in fields)
        {
            var value = field.Value;
            switch ((string?)field.Name)
            {
                case "p": envelope = (byte[])value!; break;
                case "n": taskName = value; break;
                case "s": state = (long)value; break;
                case "a": failures = (long)value; break;
                case "st": stalls = (long)value; break;
                case "e": error = value; break;
                case "w": worker = value; break;
                case "r": result = (byte[])value!; break;
                case "ea": enqueued = (long)value; break;
                case "da": due = (long)value; break;
                case "sa": started = (long)value; break;
                case "fa": ended = (long)value; break;
                case "pr": progress = double.Parse((string)value!, CultureInfo.InvariantCulture); break;
                case "c": cancel = value == "1"; break;
            }
        }
        return new JobInfo
        {
            Id = id,
            Queue = queue,
            TaskName = taskName ?? "",
            State = (JobState)state,
            Envelope = envelope,
            Failures = (int)failures,
            Stalls = (int)stalls,
            LastError = error,
            EnqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(enqueued),
            DueAt = due is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null,
            StartedAt = started is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            EndedAt = ended is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            WorkerId = string.IsNullOrEmpty(worker) ? null : worker,
            Progress = progress,
            Result = result,
            CancelRequested = cancel,
        };
    }
}
