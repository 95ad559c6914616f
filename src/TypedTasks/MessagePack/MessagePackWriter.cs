using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TypedTasks.MessagePack;

/// <summary>
/// Writes MessagePack into an <see cref="IBufferWriter{T}"/>, always in the smallest encoding the specification allows,
/// so the bytes equal those of other conforming writers (python <c>msgpack.packb</c>, <c>@msgpack/msgpack</c>).
/// Every call writes through to the output; there is nothing to flush.
/// </summary>
public ref struct MessagePackWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <summary>Writes nil.</summary>
    public readonly void WriteNil() => WriteByte(MessagePackCode.Nil);

    /// <summary>Writes true or false.</summary>
    public readonly void Write(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(sbyte value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(short value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(int value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding (non-negative values use the unsigned formats).</summary>
    public readonly void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }
        if (value >= -32)
        {
            WriteByte(unchecked((byte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            _output.Advance(2);
        }
        else if (value >= short.MinValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            var span = _output.GetSpan(5);
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(byte value) => Write((ulong)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(ushort value) => Write((ulong)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(uint value) => Write((ulong)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            _output.Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            _output.Advance(3);
        }
        else if (value <= uint.MaxValue)
        {
            var span = _output.GetSpan(5);
            span[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>Writes a character as its UTF-16 code unit, an unsigned integer (as MessagePack-CSharp does).</summary>
    public readonly void Write(char value) => Write((ulong)value);

    /// <summary>Writes a float32.</summary>
    public readonly void Write(float value)
    {
        var span = _output.GetSpan(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        _output.Advance(5);
    }

    /// <summary>Writes a float64.</summary>
    public readonly void Write(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    /// <summary>Writes a string as UTF-8, or nil when <paramref name="value"/> is <see langword="null"/>.</summary>
    public readonly void Write(string? value)
    {
        if (value is null)
            WriteNil();
        else
            WriteString(value.AsSpan());
    }

    /// <summary>Writes characters as a UTF-8 string (lone surrogates become U+FFFD).</summary>
    public readonly void WriteString(ReadOnlySpan<char> value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(length);
        var span = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(length);
    }

    /// <summary>Writes already-encoded UTF-8 bytes as a string.</summary>
    public readonly void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes the header of a string of <paramref name="byteCount"/> UTF-8 bytes; the caller writes the bytes with <see cref="WriteRaw(ReadOnlySpan{byte})"/>.</summary>
    public readonly void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= 31)
        {
            WriteByte((byte)(MessagePackCode.MinFixStr | byteCount));
        }
        else if (byteCount <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Str8;
            span[1] = (byte)byteCount;
            _output.Advance(2);
        }
        else
        {
            WriteLengthHeader(MessagePackCode.Str16, MessagePackCode.Str32, (uint)byteCount);
        }
    }

    /// <summary>Writes a byte array as bin, or nil when <paramref name="value"/> is <see langword="null"/>.</summary>
    public readonly void Write(byte[]? value)
    {
        if (value is null)
            WriteNil();
        else
            WriteBinary(value);
    }

    /// <summary>Writes bytes as bin.</summary>
    public readonly void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Bin8;
            span[1] = (byte)value.Length;
            _output.Advance(2);
        }
        else
        {
            WriteLengthHeader(MessagePackCode.Bin16, MessagePackCode.Bin32, (uint)value.Length);
        }
        WriteRaw(value);
    }

    /// <summary>Writes the header of an array of <paramref name="count"/> elements; the caller writes the elements.</summary>
    public readonly void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
            WriteByte((byte)(MessagePackCode.MinFixArray | count));
        else
            WriteLengthHeader(MessagePackCode.Array16, MessagePackCode.Array32, (uint)count);
    }

    /// <summary>Writes the header of a map of <paramref name="count"/> entries; the caller writes key, value, key, value…</summary>
    public readonly void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
            WriteByte((byte)(MessagePackCode.MinFixMap | count));
        else
            WriteLengthHeader(MessagePackCode.Map16, MessagePackCode.Map32, (uint)count);
    }

    /// <summary>Writes the header of an extension value; the caller writes its <paramref name="length"/> data bytes.</summary>
    public readonly void WriteExtensionHeader(sbyte typeCode, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        byte fixCode = length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            var fix = _output.GetSpan(2);
            fix[0] = fixCode;
            fix[1] = unchecked((byte)typeCode);
            _output.Advance(2);
            return;
        }
        if (length <= byte.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)length;
            span[2] = unchecked((byte)typeCode);
            _output.Advance(3);
        }
        else if (length <= ushort.MaxValue)
        {
            var span = _output.GetSpan(4);
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            span[3] = unchecked((byte)typeCode);
            _output.Advance(4);
        }
        else
        {
            var span = _output.GetSpan(6);
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            span[5] = unchecked((byte)typeCode);
            _output.Advance(6);
        }
    }

    /// <summary>Writes a whole extension value.</summary>
    public readonly void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(typeCode, data.Length);
        WriteRaw(data);
    }

    /// <summary>
    /// Writes a point in time as a timestamp extension (type −1) in the smallest of its three forms. Local times are
    /// converted to UTC; unspecified times are taken as UTC.
    /// </summary>
    public readonly void Write(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
            value = value.ToUniversalTime();
        long ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        WriteTimestamp(seconds, (uint)(remainder * 100));
    }

    /// <summary>Writes a timestamp extension from seconds since the Unix epoch and nanoseconds (0–999 999 999).</summary>
    public readonly void WriteTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nanoseconds, 999_999_999u);
        if (seconds >= 0 && seconds >> 34 == 0)
        {
            if (nanoseconds == 0 && seconds <= uint.MaxValue)
            {
                var span32 = _output.GetSpan(6);
                span32[0] = MessagePackCode.FixExt4;
                span32[1] = unchecked((byte)MessagePackCode.TimestampExtension);
                BinaryPrimitives.WriteUInt32BigEndian(span32[2..], (uint)seconds);
                _output.Advance(6);
                return;
            }
            var span64 = _output.GetSpan(10);
            span64[0] = MessagePackCode.FixExt8;
            span64[1] = unchecked((byte)MessagePackCode.TimestampExtension);
            BinaryPrimitives.WriteUInt64BigEndian(span64[2..], ((ulong)nanoseconds << 34) | (ulong)seconds);
            _output.Advance(10);
            return;
        }
        var span = _output.GetSpan(15);
        span[0] = MessagePackCode.Ext8;
        span[1] = 12;
        span[2] = unchecked((byte)MessagePackCode.TimestampExtension);
        BinaryPrimitives.WriteUInt32BigEndian(span[3..], nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(span[7..], seconds);
        _output.Advance(15);
    }

    /// <summary>Writes a point in time with its offset as <c>[timestamp, offset minutes]</c>.</summary>
    public readonly void Write(DateTimeOffset value)
    {
        WriteArrayHeader(2);
        Write(value.UtcDateTime);
        Write((short)value.Offset.TotalMinutes);
    }

    /// <summary>Writes a duration as its ticks (an integer).</summary>
    public readonly void Write(TimeSpan value) => Write(value.Ticks);

    /// <summary>Writes a Guid as its 36-character "D" string.</summary>
    public readonly void Write(Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        WriteString(text);
    }

    /// <summary>Writes a decimal as its invariant-culture string, which keeps every digit and the scale.</summary>
    public readonly void Write(decimal value)
    {
        Span<byte> text = stackalloc byte[64];
        value.TryFormat(text, out int written, default, CultureInfo.InvariantCulture);
        WriteString(text[..written]);
    }

    /// <summary>Writes a date as its day number (days since 0001-01-01).</summary>
    public readonly void Write(DateOnly value) => Write(value.DayNumber);

    /// <summary>Writes a time of day as its ticks.</summary>
    public readonly void Write(TimeOnly value) => Write(value.Ticks);

    /// <summary>Copies bytes that already are MessagePack (one or more whole values) to the output.</summary>
    public readonly void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    /// <summary>Copies bytes that already are MessagePack (one or more whole values) to the output.</summary>
    public readonly void WriteRaw(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
            WriteRaw(segment.Span);
    }

    private readonly void WriteByte(byte value)
    {
        var span = _output.GetSpan(1);
        span[0] = value;
        _output.Advance(1);
    }

    private readonly void WriteLengthHeader(byte code16, byte code32, uint length)
    {
        if (length <= ushort.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            _output.Advance(3);
        }
        else
        {
            var span = _output.GetSpan(5);
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], length);
            _output.Advance(5);
        }
    }
}
