using System.Buffers;
using System.Globalization;
using MessagePack;

namespace TypedTasks.Serialization;

/// <summary>
/// The .NET types TypedTasks maps onto MessagePack beyond the primitives of <see cref="MessagePackWriter"/> and
/// <see cref="MessagePackReader"/>, encoded as TypedTasks always has (so stored jobs keep decoding): Guid as its
/// 36-character string, decimal as its invariant string, DateTimeOffset as <c>[timestamp, offset minutes]</c>, TimeSpan
/// and TimeOnly as ticks, DateOnly as its day number. Generated serializers call these directly.
/// </summary>
public static class MessagePackTypeExtensions
{
    private const int MaxShortText = 128;

    /// <summary>Writes a Guid as its 36-character "D" string.</summary>
    public static void WriteGuid(this ref MessagePackWriter writer, Guid value)
    {
        // Formatted straight into the output: str8 header, then the 36 characters.
        var span = writer.GetSpan(38);
        span[0] = MessagePackCode.Str8;
        span[1] = 36;
        value.TryFormat(span[2..], out _, "D");
        writer.Advance(38);
    }

    /// <summary>Reads a Guid written as a string.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not a string holding a Guid.</exception>
    public static Guid ReadGuid(this ref MessagePackReader reader)
    {
        Span<char> chars = stackalloc char[MaxShortText];
        if (!Guid.TryParse(chars[..ReadShortText(ref reader, chars)], out var value))
            throw new MessagePackSerializationException("The string is not a Guid.");
        return value;
    }

    /// <summary>Writes a decimal as its invariant-culture string, which keeps every digit and the scale.</summary>
    public static void WriteDecimal(this ref MessagePackWriter writer, decimal value)
    {
        // Formatted straight into the output after room for a fixstr header; the longest decimal (31 characters)
        // still fits one, the str8 branch is there so no digit count is assumed.
        var span = writer.GetSpan(2 + 64);
        value.TryFormat(span[1..], out int written, default, CultureInfo.InvariantCulture);
        if (written <= 31)
        {
            span[0] = (byte)(MessagePackCode.MinFixStr | written);
            writer.Advance(1 + written);
        }
        else
        {
            span.Slice(1, written).CopyTo(span[2..]);
            span[0] = MessagePackCode.Str8;
            span[1] = (byte)written;
            writer.Advance(2 + written);
        }
    }

    /// <summary>Reads a decimal written as an invariant-culture string (integers are accepted too).</summary>
    /// <exception cref="MessagePackSerializationException">The value is neither an integer nor a decimal number's string.</exception>
    public static decimal ReadDecimal(this ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
            return reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64();
        Span<char> chars = stackalloc char[MaxShortText];
        if (!decimal.TryParse(chars[..ReadShortText(ref reader, chars)], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new MessagePackSerializationException("The string is not a decimal number.");
        return value;
    }

    /// <summary>Writes a point in time with its offset as <c>[timestamp of the UTC time, offset minutes]</c>.</summary>
    public static void WriteDateTimeOffset(this ref MessagePackWriter writer, DateTimeOffset value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.UtcDateTime);
        writer.Write((short)value.Offset.TotalMinutes);
    }

    /// <summary>Reads <c>[timestamp, offset minutes]</c> as a <see cref="DateTimeOffset"/>.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not such an array, or is out of range.</exception>
    public static DateTimeOffset ReadDateTimeOffset(this ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 2)
            throw new MessagePackSerializationException("A DateTimeOffset is an array of [timestamp, offset minutes].");
        var utc = reader.ReadDateTime();
        short minutes = reader.ReadInt16();
        if (Math.Abs((int)minutes) > 14 * 60)
            throw new MessagePackSerializationException($"The offset {minutes} minutes is beyond ±14 hours.");
        var offset = TimeSpan.FromMinutes(minutes);
        long local = utc.Ticks + offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
            throw new MessagePackSerializationException("The DateTimeOffset is outside the range of DateTime at its offset.");
        return new DateTimeOffset(utc).ToOffset(offset);
    }

    /// <summary>Writes a duration as its ticks (an integer).</summary>
    public static void WriteTimeSpan(this ref MessagePackWriter writer, TimeSpan value) => writer.Write(value.Ticks);

    /// <summary>Reads a duration written as ticks.</summary>
    public static TimeSpan ReadTimeSpan(this ref MessagePackReader reader) => new(reader.ReadInt64());

    /// <summary>Writes a date as its day number (days since 0001-01-01).</summary>
    public static void WriteDateOnly(this ref MessagePackWriter writer, DateOnly value) => writer.Write(value.DayNumber);

    /// <summary>Reads a date written as its day number.</summary>
    /// <exception cref="MessagePackSerializationException">The day number is outside the range of DateOnly.</exception>
    public static DateOnly ReadDateOnly(this ref MessagePackReader reader)
    {
        int day = reader.ReadInt32();
        if (day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber)
            throw new MessagePackSerializationException($"The day number {day} is outside the range of DateOnly.");
        return DateOnly.FromDayNumber(day);
    }

    /// <summary>Writes a time of day as its ticks.</summary>
    public static void WriteTimeOnly(this ref MessagePackWriter writer, TimeOnly value) => writer.Write(value.Ticks);

    /// <summary>Reads a time of day written as ticks.</summary>
    /// <exception cref="MessagePackSerializationException">The ticks are outside the range of TimeOnly.</exception>
    public static TimeOnly ReadTimeOnly(this ref MessagePackReader reader)
    {
        long ticks = reader.ReadInt64();
        if (ticks < 0 || ticks > TimeOnly.MaxValue.Ticks)
            throw new MessagePackSerializationException($"The ticks {ticks} are outside the range of TimeOnly.");
        return new TimeOnly(ticks);
    }

    /// <summary>
    /// Reads a short string (a Guid, a number) of at most <see cref="MaxShortText"/> UTF-8 bytes, decoded as strict
    /// UTF-8 into <paramref name="chars"/>; returns the number of characters.
    /// </summary>
    private static int ReadShortText(ref MessagePackReader reader, scoped Span<char> chars)
    {
        if (reader.TryReadStringSpan(out var contiguous))
            return DecodeStrict(contiguous, chars);
        var utf8 = reader.ReadStringSequence() ?? throw new MessagePackSerializationException("Expected a string but found nil.");
        if (utf8.Length > MaxShortText)
            throw new MessagePackSerializationException("The string is too long for the value it should hold.");
        Span<byte> bytes = stackalloc byte[MaxShortText];
        utf8.CopyTo(bytes);
        return DecodeStrict(bytes[..(int)utf8.Length], chars);
    }

    private static int DecodeStrict(ReadOnlySpan<byte> utf8, Span<char> chars)
    {
        if (utf8.Length > MaxShortText)
            throw new MessagePackSerializationException("The string is too long for the value it should hold.");
        try
        {
            return MessagePackReaderChecks.StrictUtf8.GetChars(utf8, chars);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new MessagePackSerializationException("The string is not valid UTF-8.", e);
        }
    }
}
