using System.Buffers.Binary;
using System.Globalization;

namespace TypedTasks.MessagePack;

/// <summary>The .NET types TypedTasks maps onto MessagePack values (DESIGN.md §4).</summary>
public ref partial struct MessagePackReader
{
    private static readonly long MinUnixSeconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
    private static readonly long MaxUnixSeconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    /// <summary>Reads a timestamp extension (any of its three forms) as seconds since the Unix epoch and nanoseconds.</summary>
    public (long Seconds, uint Nanoseconds) ReadTimestamp()
    {
        long start = _position;
        var header = ReadExtensionHeader();
        if (header.TypeCode != MessagePackCode.TimestampExtension)
            throw new MessagePackFormatException($"Expected a timestamp (extension -1) but found extension {header.TypeCode}.", start);
        var data = Take((int)header.Length);
        (long seconds, uint nanoseconds) = header.Length switch
        {
            4 => (BinaryPrimitives.ReadUInt32BigEndian(data), 0u),
            8 => ((long)(BinaryPrimitives.ReadUInt64BigEndian(data) & 0x3_ffff_ffffUL), (uint)(BinaryPrimitives.ReadUInt64BigEndian(data) >> 34)),
            12 => (BinaryPrimitives.ReadInt64BigEndian(data[4..]), BinaryPrimitives.ReadUInt32BigEndian(data)),
            _ => throw new MessagePackFormatException($"A timestamp has 4, 8 or 12 data bytes, not {header.Length}.", start),
        };
        if (nanoseconds > 999_999_999)
            throw new MessagePackFormatException($"A timestamp's nanoseconds must be below one second, not {nanoseconds}.", start);
        return (seconds, nanoseconds);
    }

    /// <summary>Reads a timestamp extension as a UTC <see cref="DateTime"/> (sub-100 ns precision is dropped).</summary>
    public DateTime ReadDateTime()
    {
        long start = _position;
        var (seconds, nanoseconds) = ReadTimestamp();
        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
            throw new MessagePackFormatException($"The timestamp {seconds} s is outside the range of DateTime.", start);
        return new DateTime(DateTime.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond + nanoseconds / 100, DateTimeKind.Utc);
    }

    /// <summary>Reads <c>[timestamp, offset minutes]</c> as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        long start = _position;
        if (ReadArrayHeader() != 2)
            throw new MessagePackFormatException("A DateTimeOffset is an array of [timestamp, offset minutes].", start);
        var utc = ReadDateTime();
        short minutes = ReadInt16();
        if (Math.Abs((int)minutes) > 14 * 60)
            throw new MessagePackFormatException($"The offset {minutes} minutes is beyond ±14 hours.", start);
        var offset = TimeSpan.FromMinutes(minutes);
        long local = utc.Ticks + offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
            throw new MessagePackFormatException("The DateTimeOffset is outside the range of DateTime at its offset.", start);
        return new DateTimeOffset(utc).ToOffset(offset);
    }

    /// <summary>Reads a duration written as ticks.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadInt64());

    /// <summary>Reads a Guid written as a string.</summary>
    public Guid ReadGuid()
    {
        long start = _position;
        if (!Guid.TryParse(ReadStringSpanAsChars(), out var value))
            throw new MessagePackFormatException("The string is not a Guid.", start);
        return value;
    }

    /// <summary>Reads a decimal written as an invariant-culture string (integers are accepted too).</summary>
    public decimal ReadDecimal()
    {
        long start = _position;
        if (NextMessagePackType == MessagePackType.Integer)
            return NextCode == MessagePackCode.UInt64 ? ReadUInt64() : ReadInt64();
        if (!decimal.TryParse(ReadStringSpanAsChars(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new MessagePackFormatException("The string is not a decimal number.", start);
        return value;
    }

    /// <summary>Reads a date written as its day number.</summary>
    public DateOnly ReadDateOnly()
    {
        long start = _position;
        int day = ReadInt32();
        if (day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber)
            throw new MessagePackFormatException($"The day number {day} is outside the range of DateOnly.", start);
        return DateOnly.FromDayNumber(day);
    }

    /// <summary>Reads a time of day written as ticks.</summary>
    public TimeOnly ReadTimeOnly()
    {
        long start = _position;
        long ticks = ReadInt64();
        if (ticks < 0 || ticks > TimeOnly.MaxValue.Ticks)
            throw new MessagePackFormatException($"The ticks {ticks} are outside the range of TimeOnly.", start);
        return new TimeOnly(ticks);
    }

    private ReadOnlySpan<char> ReadStringSpanAsChars()
    {
        long start = _position;
        var utf8 = ReadStringSpan();
        if (utf8.Length > 128)
            throw new MessagePackFormatException("The string is too long for the value it should hold.", start);
        Span<char> chars = new char[utf8.Length];
        int count;
        try
        {
            count = StrictUtf8.GetChars(utf8, chars);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new MessagePackFormatException("The string is not valid UTF-8.", start, e);
        }
        return chars[..count];
    }
}
