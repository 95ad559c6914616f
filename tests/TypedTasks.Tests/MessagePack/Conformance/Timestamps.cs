using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace TypedTasks.Tests.MessagePack.Conformance;

/// <summary>
/// The timestamp extension (type −1) for any seconds and nanoseconds, beyond what <see cref="DateTime"/> holds, so the
/// conformance catalog can compare every form with the peers. Tasks only ever write timestamps as DateTime.
/// </summary>
internal static class Timestamps
{
    public static void Write(ref MessagePackWriter writer, long seconds, uint nanoseconds)
    {
        byte[] data = new byte[12];
        int length;
        if (seconds >= 0 && seconds >> 34 == 0)
        {
            if (nanoseconds == 0 && seconds <= uint.MaxValue)
            {
                BinaryPrimitives.WriteUInt32BigEndian(data, (uint)seconds);
                length = 4;
            }
            else
            {
                BinaryPrimitives.WriteUInt64BigEndian(data, ((ulong)nanoseconds << 34) | (ulong)seconds);
                length = 8;
            }
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(data, nanoseconds);
            BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(4), seconds);
            length = 12;
        }
        writer.WriteExtensionFormatHeader(new ExtensionHeader(-1, length));
        writer.WriteRaw(data.AsSpan(0, length));
    }

    public static (long Seconds, uint Nanoseconds) Read(ref MessagePackReader reader)
    {
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode != -1)
            throw new MessagePackSerializationException($"Expected a timestamp but found extension {header.TypeCode}.");
        byte[] data = reader.ReadRaw(header.Length).ToArray();
        return header.Length switch
        {
            4 => (BinaryPrimitives.ReadUInt32BigEndian(data), 0u),
            8 => ((long)(BinaryPrimitives.ReadUInt64BigEndian(data) & 0x3_ffff_ffffUL), (uint)(BinaryPrimitives.ReadUInt64BigEndian(data) >> 34)),
            12 => (BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(data)),
            _ => throw new MessagePackSerializationException($"A timestamp has 4, 8 or 12 data bytes, not {header.Length}."),
        };
    }
}
