using MessagePack;
using TypedTasks.Brokers;
using TypedTasks.Serialization;

namespace TypedTasks.Nats;

/// <summary>
/// A job as the jobs bucket stores it: one KV entry per job, rewritten by compare-and-set on its revision for every
/// state change, so the entry is the single source of truth and every change is atomic. Times are Unix milliseconds.
/// </summary>
internal sealed record JobRecord
{
    private const int FormatVersion = 1;

    public required JobId Id { get; init; }
    public required string Queue { get; init; }
    public required string TaskName { get; init; }
    public required ReadOnlyMemory<byte> Envelope { get; init; }
    public required JobState State { get; init; }
    public required long EnqueuedAt { get; init; }
    public long? DueAt { get; init; }
    public int Failures { get; init; }
    public int Stalls { get; init; }

    /// <summary>The fencing token of the current lease: the revision the claiming compare-and-set replaced, unique per claim.</summary>
    public long Token { get; init; }
    public long LeaseDeadline { get; init; }
    public string? WorkerId { get; init; }
    public long? StartedAt { get; init; }
    public long? EndedAt { get; init; }
    public string? LastError { get; init; }
    public double? Progress { get; init; }
    public ReadOnlyMemory<byte>? Result { get; init; }
    public bool CancelRequested { get; init; }
    public string? UniqueKey { get; init; }
    public UniqueMode UniqueMode { get; init; }

    /// <summary>A requeued or recovered job goes before the jobs enqueued normally.</summary>
    public bool Front { get; init; }

    /// <summary>When a kept (succeeded or cancelled) job stops being visible.</summary>
    public long? ExpiresAt { get; init; }

    public byte[] Encode() => MessagePackBytes.Write(this, static (ref MessagePackWriter w, JobRecord r) =>
    {
        w.WriteArrayHeader(23);
        w.Write(FormatVersion);
        w.Write(r.Id.Value);
        w.Write(r.Queue);
        w.Write(r.TaskName);
        w.Write(r.Envelope.Span);
        w.Write((int)r.State);
        w.Write(r.EnqueuedAt);
        WriteNullable(ref w, r.DueAt);
        w.Write(r.Failures);
        w.Write(r.Stalls);
        w.Write(r.Token);
        w.Write(r.LeaseDeadline);
        w.Write(r.WorkerId);
        WriteNullable(ref w, r.StartedAt);
        WriteNullable(ref w, r.EndedAt);
        w.Write(r.LastError);
        if (r.Progress is { } progress) w.Write(progress); else w.WriteNil();
        if (r.Result is { } result) w.Write(result.Span); else w.WriteNil();
        w.Write(r.CancelRequested);
        w.Write(r.UniqueKey);
        w.Write((int)r.UniqueMode);
        w.Write(r.Front);
        WriteNullable(ref w, r.ExpiresAt);
    });

    public static JobRecord Decode(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        int count = r.ReadArrayHeader();
        int version = r.ReadInt32();
        if (version != FormatVersion || count < 23)
            throw new FormatException($"A job entry has format {version} with {count} fields; this TypedTasks.Nats reads format {FormatVersion}.");
        return new JobRecord
        {
            Id = new JobId(r.ReadString()!),
            Queue = r.ReadString()!,
            TaskName = r.ReadString()!,
            Envelope = ReadBytes(ref r)!.Value,
            State = (JobState)r.ReadInt32(),
            EnqueuedAt = r.ReadInt64(),
            DueAt = ReadNullable(ref r),
            Failures = r.ReadInt32(),
            Stalls = r.ReadInt32(),
            Token = r.ReadInt64(),
            LeaseDeadline = r.ReadInt64(),
            WorkerId = r.ReadString(),
            StartedAt = ReadNullable(ref r),
            EndedAt = ReadNullable(ref r),
            LastError = r.ReadString(),
            Progress = r.TryReadNil() ? null : r.ReadDouble(),
            Result = ReadBytes(ref r),
            CancelRequested = r.ReadBoolean(),
            UniqueKey = r.ReadString(),
            UniqueMode = (UniqueMode)r.ReadInt32(),
            Front = r.ReadBoolean(),
            ExpiresAt = ReadNullable(ref r),
        };
    }

    public JobInfo ToInfo() => new()
    {
        Id = Id,
        Queue = Queue,
        TaskName = TaskName,
        State = State,
        Envelope = Envelope,
        Failures = Failures,
        Stalls = Stalls,
        LastError = LastError,
        EnqueuedAt = Millis.ToTime(EnqueuedAt),
        DueAt = State is JobState.Scheduled or JobState.Retry && DueAt is { } due ? Millis.ToTime(due) : null,
        StartedAt = StartedAt is { } started ? Millis.ToTime(started) : null,
        EndedAt = EndedAt is { } ended ? Millis.ToTime(ended) : null,
        WorkerId = WorkerId,
        Progress = Progress,
        Result = Result,
        CancelRequested = CancelRequested,
    };

    private static void WriteNullable(ref MessagePackWriter w, long? value)
    {
        if (value is { } v) w.Write(v); else w.WriteNil();
    }

    private static long? ReadNullable(ref MessagePackReader r) => r.TryReadNil() ? null : r.ReadInt64();

    private static ReadOnlyMemory<byte>? ReadBytes(ref MessagePackReader r)
    {
        if (r.TryReadNil())
            return null;
        return System.Buffers.BuffersExtensions.ToArray(r.ReadBytes()!.Value);
    }
}
