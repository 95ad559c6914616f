using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks;

/// <summary>
/// Encodes a <see cref="JobEnvelope"/> as a MessagePack map with short keys (<c>v, id, name, args, queue, at, retries,
/// timeout, keep, ukey, tp</c>). Optional entries are left out when empty; unknown keys are skipped on read, so newer
/// producers and older workers understand each other. Written and read with MessagePack-CSharp's writer and reader;
/// every malformed envelope ends in a <see cref="MessagePackSerializationException"/>.
/// </summary>
public static class JobEnvelopeCodec
{
    /// <summary>Encodes <paramref name="envelope"/>.</summary>
    public static byte[] Encode(JobEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return MessagePackBytes.Write(envelope, Write);
    }

    private static void Write(ref MessagePackWriter writer, JobEnvelope envelope)
    {
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
                writer.Write(link.Span);
        }
        if (envelope.PreviousResult is { } previous)
        {
            writer.WriteString("prev"u8);
            writer.Write(previous.Span);
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
                writer.Write(completion.Span);
            }
        }
    }

    /// <summary>Decodes an envelope written by <see cref="Encode"/> (of this or another version).</summary>
    /// <param name="bytes">The encoded envelope; the decoded <see cref="JobEnvelope.Args"/> is a slice of it.</param>
    /// <exception cref="MessagePackSerializationException">The bytes are not an envelope, or a required entry is missing.</exception>
    public static JobEnvelope Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return DecodeEntries(bytes);
        }
        catch (Exception e) when (e is not MessagePackSerializationException && MessagePackReaderChecks.IsMalformedInput(e))
        {
            throw new MessagePackSerializationException($"The envelope is not valid MessagePack: {e.Message}", e);
        }
    }

    private static JobEnvelope DecodeEntries(ReadOnlyMemory<byte> bytes)
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
        int entries = reader.ReadNestedMapHeader();
        for (int i = 0; i < entries; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String || !reader.TryReadStringSpan(out var key))
            {
                reader.Skip();
                reader.Skip();
                continue;
            }
            switch (key)
            {
                case var _ when key.SequenceEqual("v"u8): version = reader.ReadInt32(); break;
                case var _ when key.SequenceEqual("id"u8): id = ReadOptionalString(ref reader); break;
                case var _ when key.SequenceEqual("name"u8): name = ReadOptionalString(ref reader); break;
                case var _ when key.SequenceEqual("args"u8): args = ReadRawSlice(ref reader, bytes); break;
                case var _ when key.SequenceEqual("queue"u8): queue = ReadOptionalString(ref reader); break;
                case var _ when key.SequenceEqual("at"u8): at = reader.ReadInt64(); break;
                case var _ when key.SequenceEqual("retries"u8): retries = reader.ReadInt32(); break;
                case var _ when key.SequenceEqual("timeout"u8): timeout = ReadOptionalInt64(ref reader); break;
                case var _ when key.SequenceEqual("keep"u8): keep = ReadOptionalInt64(ref reader); break;
                case var _ when key.SequenceEqual("ukey"u8): uniqueKey = ReadOptionalString(ref reader); break;
                case var _ when key.SequenceEqual("tp"u8): traceParent = ReadOptionalString(ref reader); break;
                case var _ when key.SequenceEqual("delays"u8): delays = ReadDelays(ref reader); break;
                case var _ when key.SequenceEqual("next"u8): next = ReadLinks(ref reader, bytes); break;
                case var _ when key.SequenceEqual("prev"u8): previous = ReadOptionalBinary(ref reader, bytes); break;
                case var _ when key.SequenceEqual("gid"u8): groupId = ReadOptionalString(ref reader); break;
                case var _ when key.SequenceEqual("gsize"u8): groupSize = reader.ReadInt32(); break;
                case var _ when key.SequenceEqual("gdone"u8): groupCompletion = ReadOptionalBinary(ref reader, bytes); break;
                default: reader.Skip(); break;
            }
        }
        reader.Depth--;
        if (!reader.End)
            throw new MessagePackSerializationException($"The envelope is followed by {bytes.Length - reader.Consumed} more bytes.");
        if (string.IsNullOrEmpty(id) || name is null || args is null || queue is null || at is null)
            throw new MessagePackSerializationException("The envelope lacks " + string.Join(", ", Missing(id, name, args, queue, at)) + ".");
        if (id.Length > 200)
            throw new MessagePackSerializationException("The envelope's job id is longer than 200 characters.");
        if (at < -62135596800000L || at > 253402300799999L)
            throw new MessagePackSerializationException($"The envelope's enqueue time {at} ms is out of range.");
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
            throw new MessagePackSerializationException($"The envelope's {key} {milliseconds} ms is out of range.");
    }

    private static List<TimeSpan> ReadDelays(ref MessagePackReader reader)
    {
        int count = reader.ReadNestedArrayHeader();
        var delays = new List<TimeSpan>(count);
        for (int i = 0; i < count; i++)
        {
            long ms = reader.ReadInt64();
            if (ms < 0 || ms > (long)TimeSpan.MaxValue.TotalMilliseconds)
                throw new MessagePackSerializationException($"The envelope's retry delay {ms} ms is out of range.");
            delays.Add(TimeSpan.FromMilliseconds(ms));
        }
        reader.Depth--;
        return delays;
    }

    private static List<ReadOnlyMemory<byte>> ReadLinks(ref MessagePackReader reader, ReadOnlyMemory<byte> bytes)
    {
        int count = reader.ReadNestedArrayHeader();
        var links = new List<ReadOnlyMemory<byte>>(count);
        for (int i = 0; i < count; i++)
            links.Add(ReadOptionalBinary(ref reader, bytes) ?? throw new MessagePackSerializationException("A chain link of the envelope is nil."));
        reader.Depth--;
        return links;
    }

    /// <summary>Bin as a slice of the envelope's own bytes (no copy), or null for nil.</summary>
    private static ReadOnlyMemory<byte>? ReadOptionalBinary(ref MessagePackReader reader, ReadOnlyMemory<byte> bytes)
    {
        if (reader.ReadBytes() is not { } data)
            return null;
        return bytes.Slice((int)(reader.Consumed - data.Length), (int)data.Length);
    }

    /// <summary>The next whole value as a slice of the envelope's own bytes (no copy).</summary>
    private static ReadOnlyMemory<byte> ReadRawSlice(ref MessagePackReader reader, ReadOnlyMemory<byte> bytes)
    {
        long start = reader.Consumed;
        reader.Skip();
        return bytes.Slice((int)start, (int)(reader.Consumed - start));
    }

    private static string? ReadOptionalString(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : reader.ReadStrictString();

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
