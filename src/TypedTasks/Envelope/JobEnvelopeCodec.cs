using System.Buffers;
using TypedTasks.MessagePack;

namespace TypedTasks;

/// <summary>
/// Encodes a <see cref="JobEnvelope"/> as a MessagePack map with short keys (<c>v, id, name, args, queue, at, retries,
/// timeout, keep, ukey, tp</c>). Optional entries are left out when empty; unknown keys are skipped on read, so newer
/// producers and older workers understand each other.
/// </summary>
public static class JobEnvelopeCodec
{
    /// <summary>Encodes <paramref name="envelope"/>.</summary>
    public static byte[] Encode(JobEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var buffer = ScratchBuffers.Rent();
        try
        {
            Write(buffer, envelope);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            ScratchBuffers.Return(buffer);
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, JobEnvelope envelope)
    {
        var writer = new MessagePackWriter(buffer);
        int count = 7 + (envelope.Timeout is null ? 0 : 1) + (envelope.KeepResultFor is null ? 0 : 1)
            + (envelope.UniqueKey is null ? 0 : 1) + (envelope.TraceParent is null ? 0 : 1)
            + (envelope.RetryDelays is { Count: > 0 } ? 1 : 0)
            + (envelope.Next is { Count: > 0 } ? 1 : 0) + (envelope.PreviousResult is null ? 0 : 1)
            + (envelope.GroupId is null ? 0 : 2) + (envelope.GroupId is not null && envelope.GroupCompletion is not null ? 1 : 0);
        writer.WriteMapHeader(count);
        writer.WriteString("v"u8);
        writer.Write(envelope.Version);
        writer.WriteString("id"u8);
        writer.Write(envelope.Id.Value);
        writer.WriteString("name"u8);
        writer.Write(envelope.Name);
        writer.WriteString("args"u8);
        writer.WriteRaw(envelope.Args.Span);
        writer.WriteString("queue"u8);
        writer.Write(envelope.Queue);
        writer.WriteString("at"u8);
        writer.Write(envelope.EnqueuedAt.ToUnixTimeMilliseconds());
        writer.WriteString("retries"u8);
        writer.Write(envelope.MaxRetries);
        if (envelope.Timeout is { } timeout)
        {
            writer.WriteString("timeout"u8);
            writer.Write(CeilingMilliseconds(timeout));
        }
        if (envelope.KeepResultFor is { } keep)
        {
            writer.WriteString("keep"u8);
            writer.Write(CeilingMilliseconds(keep));
        }
        if (envelope.UniqueKey is { } uniqueKey)
        {
            writer.WriteString("ukey"u8);
            writer.Write(uniqueKey);
        }
        if (envelope.TraceParent is { } traceParent)
        {
            writer.WriteString("tp"u8);
            writer.Write(traceParent);
        }
        if (envelope.RetryDelays is { Count: > 0 } delays)
        {
            writer.WriteString("delays"u8);
            writer.WriteArrayHeader(delays.Count);
            foreach (var delay in delays)
                writer.Write(CeilingMilliseconds(delay));
        }
        if (envelope.Next is { Count: > 0 } next)
        {
            writer.WriteString("next"u8);
            writer.WriteArrayHeader(next.Count);
            foreach (var link in next)
                writer.WriteBinary(link.Span);
        }
        if (envelope.PreviousResult is { } previous)
        {
            writer.WriteString("prev"u8);
            writer.WriteBinary(previous.Span);
        }
        if (envelope.GroupId is { } groupId)
        {
            writer.WriteString("gid"u8);
            writer.Write(groupId);
            writer.WriteString("gsize"u8);
            writer.Write(envelope.GroupSize);
            if (envelope.GroupCompletion is { } completion)
            {
                writer.WriteString("gdone"u8);
                writer.WriteBinary(completion.Span);
            }
        }
    }

    /// <summary>Decodes an envelope written by <see cref="Encode"/> (of this or another version).</summary>
    /// <param name="bytes">The encoded envelope; the decoded <see cref="JobEnvelope.Args"/> is a slice of it.</param>
    /// <exception cref="MessagePackFormatException">The bytes are not an envelope, or a required entry is missing.</exception>
    public static JobEnvelope Decode(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        string? id = null, name = null, queue = null, uniqueKey = null, traceParent = null;
        ReadOnlyMemory<byte>? args = null, previous = null, groupCompletion = null;
        string? groupId = null;
        int groupSize = 0;
        List<ReadOnlyMemory<byte>>? next = null;
        List<TimeSpan>? delays = null;
        long? at = null, timeout = null, keep = null;
        int version = JobEnvelope.CurrentVersion, retries = TaskOptions.DefaultMaxRetries;
        int entries = reader.ReadMapHeader();
        reader.Depth++;
        for (int i = 0; i < entries; i++)
        {
            if (!reader.TryReadStringSpan(out var key))
            {
                reader.Skip();
                reader.Skip();
                continue;
            }
            switch (key)
            {
                case var _ when key.SequenceEqual("v"u8): version = reader.ReadInt32(); break;
                case var _ when key.SequenceEqual("id"u8): id = reader.ReadString(); break;
                case var _ when key.SequenceEqual("name"u8): name = reader.ReadString(); break;
                case var _ when key.SequenceEqual("args"u8): args = reader.ReadRawMemory(); break;
                case var _ when key.SequenceEqual("queue"u8): queue = reader.ReadString(); break;
                case var _ when key.SequenceEqual("at"u8): at = reader.ReadInt64(); break;
                case var _ when key.SequenceEqual("retries"u8): retries = reader.ReadInt32(); break;
                case var _ when key.SequenceEqual("timeout"u8): timeout = ReadOptionalInt64(ref reader); break;
                case var _ when key.SequenceEqual("keep"u8): keep = ReadOptionalInt64(ref reader); break;
                case var _ when key.SequenceEqual("ukey"u8): uniqueKey = reader.ReadString(); break;
                case var _ when key.SequenceEqual("tp"u8): traceParent = reader.ReadString(); break;
                case var _ when key.SequenceEqual("delays"u8): delays = ReadDelays(ref reader); break;
                case var _ when key.SequenceEqual("next"u8): next = ReadLinks(ref reader, bytes); break;
                case var _ when key.SequenceEqual("prev"u8): previous = reader.ReadBytes(); break;
                case var _ when key.SequenceEqual("gid"u8): groupId = reader.ReadString(); break;
                case var _ when key.SequenceEqual("gsize"u8): groupSize = reader.ReadInt32(); break;
                case var _ when key.SequenceEqual("gdone"u8): groupCompletion = reader.ReadBytes(); break;
                default: reader.Skip(); break;
            }
        }
        reader.Depth--;
        if (!reader.End)
            throw new MessagePackFormatException($"The envelope is followed by {reader.Remaining} more bytes.", reader.Position);
        if (string.IsNullOrEmpty(id) || name is null || args is null || queue is null || at is null)
            throw new MessagePackFormatException(
                "The envelope lacks " + string.Join(", ", Missing(id, name, args, queue, at)) + ".", 0);
        if (id.Length > 200)
            throw new MessagePackFormatException("The envelope's job id is longer than 200 characters.", 0);
        if (at < -62135596800000L || at > 253402300799999L)
            throw new MessagePackFormatException($"The envelope's enqueue time {at} ms is out of range.", 0);
        CheckDuration(timeout, "timeout");
        CheckDuration(keep, "keep");
        return new JobEnvelope
        {
            Version = version,
            Id = new JobId(id),
            Name = name,
            Args = args.Value,
            Queue = queue,
            EnqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(at.Value),
            MaxRetries = retries,
            Timeout = timeout is { } t ? TimeSpan.FromMilliseconds(t) : null,
            KeepResultFor = keep is { } k ? TimeSpan.FromMilliseconds(k) : null,
            UniqueKey = uniqueKey,
            TraceParent = traceParent,
            Next = next,
            RetryDelays = delays,
            PreviousResult = previous,
            GroupId = groupId,
            GroupSize = groupSize,
            GroupCompletion = groupCompletion,
        };
    }

    // TimeSpan.FromMilliseconds throws OverflowException past TimeSpan's range; a hostile envelope gets a format error.
    private static void CheckDuration(long? milliseconds, string key)
    {
        const long MaxMilliseconds = long.MaxValue / TimeSpan.TicksPerMillisecond;
        if (milliseconds is < -MaxMilliseconds or > MaxMilliseconds)
            throw new MessagePackFormatException($"The envelope's {key} {milliseconds} ms is out of range.", 0);
    }

    private static List<TimeSpan> ReadDelays(ref MessagePackReader reader)
    {
        long start = reader.Position;
        int count = reader.ReadArrayHeader();
        var delays = new List<TimeSpan>(count);
        for (int i = 0; i < count; i++)
        {
            long ms = reader.ReadInt64();
            if (ms < 0 || ms > (long)TimeSpan.MaxValue.TotalMilliseconds)
                throw new MessagePackFormatException($"The envelope's retry delay {ms} ms is out of range.", start);
            delays.Add(TimeSpan.FromMilliseconds(ms));
        }
        return delays;
    }

    private static List<ReadOnlyMemory<byte>> ReadLinks(ref MessagePackReader reader, ReadOnlyMemory<byte> bytes)
    {
        int count = reader.ReadArrayHeader();
        var links = new List<ReadOnlyMemory<byte>>(count);
        for (int i = 0; i < count; i++)
        {
            int length = reader.ReadBinaryHeader();
            links.Add(bytes.Slice((int)reader.Position, length));
            reader.ReadRaw(length);
        }
        return links;
    }

    private static long? ReadOptionalInt64(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : reader.ReadInt64();

    private static IEnumerable<string> Missing(string? id, string? name, ReadOnlyMemory<byte>? args, string? queue, long? at)
    {
        if (string.IsNullOrEmpty(id)) yield return "id";
        if (name is null) yield return "name";
        if (args is null) yield return "args";
        if (queue is null) yield return "queue";
        if (at is null) yield return "at";
    }

    /// <summary>
    /// Durations travel in whole milliseconds, rounded up: a retry delay of 1.5 ms must not let the retry start after
    /// 1 ms, nor a timeout or a retention end before the time asked for.
    /// </summary>
    private static long CeilingMilliseconds(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? (long)duration.TotalMilliseconds : (duration.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
}
