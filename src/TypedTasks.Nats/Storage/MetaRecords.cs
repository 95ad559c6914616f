using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks.Nats;

/// <summary>A queue's entry in the meta bucket: whether it is paused and when it last received a job (Unix ms).</summary>
internal sealed record QueueMeta(bool Paused, long LastJobAt)
{
    public byte[] Encode() => MessagePackBytes.Write(this, static (ref MessagePackWriter w, QueueMeta m) =>
    {
        w.WriteArrayHeader(2);
        w.Write(m.Paused);
        w.Write(m.LastJobAt);
    });

    public static QueueMeta Decode(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        return new QueueMeta(r.ReadBoolean(), r.ReadInt64());
    }
}

/// <summary>Entries of the meta bucket that are a few integers: counters, lock holders, gates, cron fires.</summary>
internal static class MetaCodec
{
    public static byte[] Longs(long a, long b) => MessagePackBytes.Write((a, b), static (ref MessagePackWriter w, (long A, long B) v) =>
    {
        w.WriteArrayHeader(2);
        w.Write(v.A);
        w.Write(v.B);
    });

    public static (long A, long B) ReadLongs(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        return (r.ReadInt64(), r.ReadInt64());
    }

    /// <summary>A string with a time: a unique lock's holder and expiry, a cron fire's job id and fire time, a record's expiry.</summary>
    public static byte[] StringAndTime(string text, long time) => MessagePackBytes.Write((text, time), static (ref MessagePackWriter w, (string Text, long Time) v) =>
    {
        w.WriteArrayHeader(2);
        w.Write(v.Text);
        w.Write(v.Time);
    });

    public static (string Text, long Time) ReadStringAndTime(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        return (r.ReadString()!, r.ReadInt64());
    }

    /// <summary>A record that lapses: its expiry (Unix ms) and its payload.</summary>
    public static byte[] Expiring(long expiresAt, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[8 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, expiresAt);
        payload.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    public static (long ExpiresAt, ReadOnlyMemory<byte> Payload) ReadExpiring(ReadOnlyMemory<byte> bytes) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes.Span), bytes[8..]);

    /// <summary>A group's record: its expiry and the members done so far.</summary>
    public static byte[] Group(long expiresAt, IReadOnlyCollection<string> members) => MessagePackBytes.Write((expiresAt, members), static (ref MessagePackWriter w, (long ExpiresAt, IReadOnlyCollection<string> Members) v) =>
    {
        w.WriteArrayHeader(2);
        w.Write(v.ExpiresAt);
        w.WriteArrayHeader(v.Members.Count);
        foreach (var member in v.Members)
            w.Write(member);
    });

    public static (long ExpiresAt, HashSet<string> Members) ReadGroup(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        long expiresAt = r.ReadInt64();
        int count = r.ReadArrayHeader();
        var members = new HashSet<string>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
            members.Add(r.ReadString()!);
        return (expiresAt, members);
    }
}
