using MessagePack;
using TypedTasks.Serialization;
using TypedTasks.Tests.MessagePack.Conformance;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

/// <summary>The .NET types of DESIGN.md §4 and their MessagePack forms, as TypedTasks always wrote them.</summary>
public sealed class MappedTypesTests
{
    public static TheoryData<DateTime> DateTimes() =>
    [
        DateTime.UnixEpoch,
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
        new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1),
        new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        new DateTime(2106, 2, 7, 6, 28, 15, DateTimeKind.Utc),
        new DateTime(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc),
        new DateTime(2514, 5, 30, 1, 53, 4, DateTimeKind.Utc).AddTicks(3),
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
    ];

    [Theory]
    [MemberData(nameof(DateTimes))]
    public void DateTime_round_trips_to_the_tick_as_utc(DateTime value)
    {
        var read = Msgpack.RoundTrip((ref MessagePackWriter w) => w.Write(value), (ref MessagePackReader r) => r.ReadDateTime());
        Assert.Equal(value.Ticks, read.Ticks);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Fact]
    public void Local_DateTime_is_converted_and_unspecified_is_taken_as_utc()
    {
        var utc = new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var local = utc.ToLocalTime();
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        string expected = Msgpack.Hex((ref MessagePackWriter w) => w.Write(utc));
        Assert.Equal(expected, Msgpack.Hex((ref MessagePackWriter w) => w.Write(local)));
        Assert.Equal(expected, Msgpack.Hex((ref MessagePackWriter w) => w.Write(unspecified)));
    }

    [Fact]
    public void Timestamps_outside_DateTime_range_are_malformed_input()
    {
        byte[] early = Msgpack.Write((ref MessagePackWriter w) => Timestamps.Write(ref w, -62135596801, 0));
        byte[] late = Msgpack.Write((ref MessagePackWriter w) => Timestamps.Write(ref w, 253402300800, 0));
        Msgpack.Fails(early, (ref MessagePackReader r) => r.ReadDateTime());
        Msgpack.Fails(late, (ref MessagePackReader r) => r.ReadDateTime());
        Assert.Equal((253402300800L, 0u), Msgpack.Read(late, (ref MessagePackReader r) => Timestamps.Read(ref r)));
    }

    [Theory]
    [InlineData("d6 01 00000000", "TypeCode is invalid")] // not type -1
    [InlineData("c705ff 0000000000", "Length of extension")] // no such form
    [InlineData("a0", "Unexpected msgpack code")]
    public void Malformed_timestamps_are_format_errors(string hex, string expected)
    {
        var error = Msgpack.Fails(Msgpack.FromHex(hex), (ref MessagePackReader r) => r.ReadDateTime());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<DateTimeOffset> DateTimeOffsets() =>
    [
        new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(5.5)).AddTicks(17),
        new DateTimeOffset(1950, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8)),
        new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
        new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        new DateTimeOffset(DateTime.MinValue.AddHours(14), TimeSpan.FromHours(14)),
    ];

    [Theory]
    [MemberData(nameof(DateTimeOffsets))]
    public void DateTimeOffset_round_trips_with_its_offset(DateTimeOffset value)
    {
        var read = Msgpack.RoundTrip((ref MessagePackWriter w) => w.WriteDateTimeOffset(value), (ref MessagePackReader r) => r.ReadDateTimeOffset());
        Assert.Equal(value.UtcTicks, read.UtcTicks);
        Assert.Equal(value.Offset, read.Offset);
    }

    [Fact]
    public void DateTimeOffset_is_an_array_of_timestamp_and_offset_minutes()
    {
        var value = new DateTimeOffset(1970, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal("92 d6ff00000000 78".Replace(" ", "", StringComparison.Ordinal), Msgpack.Hex((ref MessagePackWriter w) => w.WriteDateTimeOffset(value)));
    }

    [Theory]
    [InlineData("93 d6ff00000000 00 00", "array")]          // three elements
    [InlineData("92 d6ff00000000 cd0349", "14 hours")]      // +841 minutes
    [InlineData("92 d6ff00000000 d1fcb7", "14 hours")]      // -841 minutes
    [InlineData("92 d6ff00000000 cd8000", "overflow")]      // not an int16
    [InlineData("92 c70cff 00000000 fffffff1886e0900 d1fcb8", "range")] // 0001-01-01T00:00Z at -14:00
    public void Bad_DateTimeOffsets_are_format_errors(string hex, string expected)
    {
        var error = Msgpack.Fails(Msgpack.FromHex(hex), (ref MessagePackReader r) => r.ReadDateTimeOffset());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeSpan_round_trips_as_ticks()
    {
        foreach (var value in new[] { TimeSpan.Zero, TimeSpan.FromTicks(1), TimeSpan.FromDays(-3.25), TimeSpan.MinValue, TimeSpan.MaxValue })
        {
            byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.WriteTimeSpan(value));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadTimeSpan()));
            Assert.Equal(value.Ticks, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadInt64()));
        }
        Msgpack.Fails(Msgpack.FromHex("cfffffffffffffffff"), (ref MessagePackReader r) => r.ReadTimeSpan());
    }

    [Fact]
    public void Guid_round_trips_as_its_36_character_string()
    {
        var value = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.WriteGuid(value));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadString()));
        Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadGuid()));
        Assert.Equal(Guid.Empty, Msgpack.RoundTrip((ref MessagePackWriter w) => w.WriteGuid(Guid.Empty), (ref MessagePackReader r) => r.ReadGuid()));
    }

    [Fact]
    public void Bad_Guids_are_format_errors()
    {
        byte[] notGuid = Msgpack.Write((ref MessagePackWriter w) => w.Write("not a guid"));
        byte[] tooLong = Msgpack.Write((ref MessagePackWriter w) => w.Write(new string('a', 200)));
        Assert.Contains("not a Guid", Msgpack.Fails(notGuid, (ref MessagePackReader r) => r.ReadGuid()).Message, StringComparison.Ordinal);
        Assert.Contains("too long", Msgpack.Fails(tooLong, (ref MessagePackReader r) => r.ReadGuid()).Message, StringComparison.Ordinal);
        Msgpack.Fails(Msgpack.FromHex("01"), (ref MessagePackReader r) => r.ReadGuid());
        Assert.Contains("UTF-8", Msgpack.Fails(Msgpack.FromHex("a2 c328"), (ref MessagePackReader r) => r.ReadGuid()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.50")]
    [InlineData("-0.0001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("123456789.123456789")]
    public void Decimal_round_trips_every_digit_and_its_scale(string text)
    {
        decimal value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.WriteDecimal(value));
        Assert.Equal(text, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadString()));
        decimal read = Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadDecimal());
        Assert.Equal(text, read.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Decimal_reads_integers_and_rejects_non_numbers()
    {
        Assert.Equal(18446744073709551615m, Msgpack.Read(Msgpack.FromHex("cfffffffffffffffff"), (ref MessagePackReader r) => r.ReadDecimal()));
        Assert.Equal(-5m, Msgpack.Read(Msgpack.FromHex("fb"), (ref MessagePackReader r) => r.ReadDecimal()));
        Assert.Equal(1.5e3m, Msgpack.Read(Msgpack.FromHex("a5 312e356533"), (ref MessagePackReader r) => r.ReadDecimal()));
        Msgpack.Fails(Msgpack.FromHex("a3 4e614e"), (ref MessagePackReader r) => r.ReadDecimal());
        Msgpack.Fails(Msgpack.FromHex("a5 3165393939"), (ref MessagePackReader r) => r.ReadDecimal());
        Msgpack.Fails(Msgpack.FromHex("cb3ff8000000000000"), (ref MessagePackReader r) => r.ReadDecimal());
    }

    [Fact]
    public void DateOnly_round_trips_as_its_day_number_and_checks_the_range()
    {
        foreach (var value in new[] { DateOnly.MinValue, new DateOnly(2024, 2, 29), DateOnly.MaxValue })
        {
            byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.WriteDateOnly(value));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadDateOnly()));
            Assert.Equal(value.DayNumber, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadInt32()));
        }
        byte[] beyond = Msgpack.Write((ref MessagePackWriter w) => w.Write(DateOnly.MaxValue.DayNumber + 1));
        Assert.Contains("DateOnly", Msgpack.Fails(beyond, (ref MessagePackReader r) => r.ReadDateOnly()).Message, StringComparison.Ordinal);
        Msgpack.Fails(Msgpack.FromHex("ff"), (ref MessagePackReader r) => r.ReadDateOnly());
    }

    [Fact]
    public void TimeOnly_round_trips_as_ticks_and_checks_the_range()
    {
        foreach (var value in new[] { TimeOnly.MinValue, new TimeOnly(13, 45, 7, 123), TimeOnly.MaxValue })
        {
            byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.WriteTimeOnly(value));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadTimeOnly()));
            Assert.Equal(value.Ticks, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadInt64()));
        }
        byte[] day = Msgpack.Write((ref MessagePackWriter w) => w.Write(TimeSpan.TicksPerDay));
        Assert.Contains("TimeOnly", Msgpack.Fails(day, (ref MessagePackReader r) => r.ReadTimeOnly()).Message, StringComparison.Ordinal);
        Msgpack.Fails(Msgpack.FromHex("ff"), (ref MessagePackReader r) => r.ReadTimeOnly());
    }

    [Fact]
    public void Enums_travel_as_their_underlying_integer()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.Write((int)DayOfWeek.Saturday));
        Assert.Equal("06", Convert.ToHexStringLower(bytes));
        Assert.Equal(DayOfWeek.Saturday, Msgpack.Read(bytes, (ref MessagePackReader r) => (DayOfWeek)r.ReadInt32()));
    }
}
