using System.Globalization;
using TypedTasks.Redis.Resp;

namespace TypedTasks.Redis;

/// <summary>Reads a job hash (fields documented in <c>Scripts/lib.lua</c>) into a <see cref="JobInfo"/>.</summary>
internal static class RedisJobInfo
{
    public static JobInfo Read(JobId id, string queue, RedisValue fields)
    {
        string? taskName = null, error = null, worker = null;
        ReadOnlyMemory<byte> envelope = default;
        ReadOnlyMemory<byte>? result = null;
        long state = 0, failures = 0, stalls = 0, enqueued = 0;
        long? due = null, started = null, ended = null;
        double? progress = null;
        bool cancel = false;
        for (int i = 0; i + 1 < fields.Count; i += 2)
        {
            var value = fields[i + 1];
            switch (fields[i].AsString())
            {
                case "p": envelope = value.AsBytes(); break;
                case "n": taskName = value.AsString(); break;
                case "s": state = value.AsInt64(); break;
                case "a": failures = value.AsInt64(); break;
                case "st": stalls = value.AsInt64(); break;
                case "e": error = value.AsString(); break;
                case "w": worker = value.AsString(); break;
                case "r": result = value.AsBytes(); break;
                case "ea": enqueued = value.AsInt64(); break;
                case "da": due = value.AsInt64(); break;
                case "sa": started = value.AsInt64(); break;
                case "fa": ended = value.AsInt64(); break;
                case "pr": progress = double.Parse(value.AsString(), CultureInfo.InvariantCulture); break;
                case "c": cancel = value.AsString() == "1"; break;
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
