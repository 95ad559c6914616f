using MessagePack;
using TypedTasks.Brokers;
using TypedTasks.Serialization;

namespace TypedTasks.Redis;

/// <summary>
/// Worker heartbeats and cron schedule records as Redis stores them: MessagePack arrays in a fixed order (a record is
/// rewritten every few seconds by the host that owns it, so no version skew outlives a deploy by more than its TTL).
/// Times are Unix milliseconds.
/// </summary>
internal static class AdminRecordCodec
{
    public static byte[] Encode(WorkerStatus worker) => MessagePackBytes.Write(worker, static (ref MessagePackWriter w, WorkerStatus s) =>
    {
        w.WriteArrayHeader(7);
        w.Write(s.Id);
        w.Write(s.Host);
        w.Write(s.ProcessId);
        w.Write(s.StartedAt.ToUnixTimeMilliseconds());
        w.Write(s.BeatAt.ToUnixTimeMilliseconds());
        w.WriteArrayHeader(s.Queues.Count);
        foreach (var queue in s.Queues)
        {
            w.WriteArrayHeader(2);
            w.Write(queue.Name);
            w.Write(queue.Concurrency);
        }
        w.WriteArrayHeader(s.Running.Count);
        foreach (var job in s.Running)
        {
            w.WriteArrayHeader(4);
            w.Write(job.Id.Value);
            w.Write(job.Queue);
            w.Write(job.TaskName);
            w.Write(job.StartedAt.ToUnixTimeMilliseconds());
        }
    });

    public static WorkerStatus DecodeWorker(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        string id = r.ReadString()!, host = r.ReadString()!;
        int pid = r.ReadInt32();
        var started = Time(ref r);
        var beat = Time(ref r);
        var queues = new WorkerQueue[r.ReadArrayHeader()];
        for (int i = 0; i < queues.Length; i++)
        {
            r.ReadArrayHeader();
            queues[i] = new WorkerQueue(r.ReadString()!, r.ReadInt32());
        }
        var running = new RunningJobStatus[r.ReadArrayHeader()];
        for (int i = 0; i < running.Length; i++)
        {
            r.ReadArrayHeader();
            running[i] = new RunningJobStatus(new JobId(r.ReadString()!), r.ReadString()!, r.ReadString()!, Time(ref r));
        }
        return new WorkerStatus { Id = id, Host = host, ProcessId = pid, StartedAt = started, BeatAt = beat, Queues = queues, Running = running };
    }

    public static byte[] Encode(CronScheduleStatus schedule) => MessagePackBytes.Write(schedule, static (ref MessagePackWriter w, CronScheduleStatus s) =>
    {
        w.WriteArrayHeader(8);
        w.Write(s.Id);
        w.Write(s.TaskName);
        w.Write(s.Queue);
        w.Write(s.Expression);
        w.Write(s.TimeZone);
        w.Write(s.Host);
        w.Write(s.RecordedAt.ToUnixTimeMilliseconds());
        w.WriteArrayHeader(s.NextFires.Count);
        foreach (var fire in s.NextFires)
            w.Write(fire.ToUnixTimeMilliseconds());
    });

    public static CronScheduleStatus DecodeSchedule(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        string id = r.ReadString()!, task = r.ReadString()!;
        string? queue = r.ReadString();
        string expression = r.ReadString()!, zone = r.ReadString()!;
        string? host = r.ReadString();
        var recorded = Time(ref r);
        var fires = new DateTimeOffset[r.ReadArrayHeader()];
        for (int i = 0; i < fires.Length; i++)
            fires[i] = Time(ref r);
        return new CronScheduleStatus
        {
            Id = id, TaskName = task, Queue = queue, Expression = expression, TimeZone = zone, Host = host, RecordedAt = recorded, NextFires = fires,
        };
    }

    private static DateTimeOffset Time(ref MessagePackReader r) => DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
}
