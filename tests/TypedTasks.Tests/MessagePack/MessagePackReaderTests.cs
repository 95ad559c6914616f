using System.Buffers;
using TypedTasks.MessagePack;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

public sealed class MessagePackReaderTests
{
    [Theory]
    [InlineData("00", MessagePackType.Integer)]
    [InlineData("ff", MessagePackType.Integer)]
    [InlineData("cf", MessagePackType.Integer)]
    [InlineData("d3", MessagePackType.Integer)]
    [InlineData("c0", MessagePackType.Nil)]
    [InlineData("c2", MessagePackType.Boolean)]
    [InlineData("ca", MessagePackType.Float)]
    [InlineData("cb", MessagePackType.Float)]
    [InlineData("a0", MessagePackType.String)]
    [InlineData("d9", MessagePackType.String)]
    [InlineData("db", MessagePackType.String)]
    [InlineData("c4", MessagePackType.Binary)]
    [InlineData("c6", MessagePackType.Binary)]
    [InlineData("90", MessagePackType.Array)]
    [InlineData("dd", MessagePackType.Array)]
    [InlineData("80", MessagePackType.Map)]
    [InlineData("df", MessagePackType.Map)]
    [InlineData("d4", MessagePackType.Extension)]
    [InlineData("c9", MessagePackType.Extension)]
    [InlineData("c1", MessagePackType.Unknown)]
    public void NextMessagePackType_names_the_family_of_every_format_byte(string hex, MessagePackType expected)
    {
        var reader = new MessagePackReader(Msgpack.FromHex(hex));
        Assert.Equal(expected, reader.NextMessagePackType);
        Assert.Equal(Msgpack.FromHex(hex)[0], reader.NextCode);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Every_integer_format_reads_into_every_type_it_fits()
    {
        foreach (long value in new long[] { 0, 1, 127, 128, 255, 256, 65535, 65536, -1, -32, -33, -128, -129, -32768, -32769 })
        {
            byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.Write(value));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadInt64()));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadInt32()));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadDouble()));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadSingle()));
            Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadDecimal()));
            if (value is >= short.MinValue and <= short.MaxValue)
                Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadInt16()));
            if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
                Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadSByte()));
            if (value >= 0)
            {
                Assert.Equal((ulong)value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadUInt64()));
                Assert.Equal((uint)value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadUInt32()));
            }
            if (value is >= 0 and <= ushort.MaxValue)
            {
                Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadUInt16()));
                Assert.Equal((char)value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadChar()));
            }
            if (value is >= 0 and <= byte.MaxValue)
                Assert.Equal(value, Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadByte()));
        }
    }

    [Fact]
    public void Non_minimal_integer_encodings_from_other_writers_are_read()
    {
        Assert.Equal(1, Msgpack.Read(Msgpack.FromHex("d3 0000000000000001"), (ref MessagePackReader r) => r.ReadInt32()));
        Assert.Equal(1, Msgpack.Read(Msgpack.FromHex("cf 0000000000000001"), (ref MessagePackReader r) => r.ReadByte()));
        Assert.Equal(-1, Msgpack.Read(Msgpack.FromHex("d2 ffffffff"), (ref MessagePackReader r) => r.ReadSByte()));
        Assert.Equal(200, Msgpack.Read(Msgpack.FromHex("d1 00c8"), (ref MessagePackReader r) => r.ReadByte()));
    }

    [Theory]
    [InlineData("cc80", "SByte")]
    [InlineData("ccff", "SByte")]
    [InlineData("cd0100", "Byte")]
    [InlineData("ff", "Byte")]
    [InlineData("cd8000", "Int16")]
    [InlineData("ce80000000", "Int32")]
    [InlineData("d2ffffffff", "UInt32")]
    [InlineData("ce00010000", "UInt16")]
    [InlineData("ce00010000", "Char")]
    [InlineData("cf8000000000000000", "Int64")]
    [InlineData("ff", "UInt64")]
    [InlineData("d38000000000000000", "UInt64")]
    public void Integers_out_of_the_target_range_throw_and_name_the_type(string hex, string type)
    {
        byte[] bytes = Msgpack.FromHex(hex);
        var error = type switch
        {
            "SByte" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadSByte()),
            "Byte" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadByte()),
            "Int16" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadInt16()),
            "UInt16" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadUInt16()),
            "Int32" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadInt32()),
            "UInt32" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadUInt32()),
            "Char" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadChar()),
            "Int64" => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadInt64()),
            _ => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadUInt64()),
        };
        Assert.Contains(type, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Wrong_families_throw_with_the_offset_of_the_value()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(1);
            w.Write("text");
        });
        var error = Msgpack.Fails(bytes, (ref MessagePackReader r) =>
        {
            r.ReadArrayHeader();
            r.ReadInt32();
            return r.ReadInt32();
        });
        Assert.Equal(2, error.Offset);
        Assert.Contains("Expected an integer but found a string", error.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 2", error.Message, StringComparison.Ordinal);

        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("a0"), (ref MessagePackReader r) => r.ReadBoolean()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("c3"), (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("c400"), (ref MessagePackReader r) => r.ReadString()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("a0"), (ref MessagePackReader r) => r.ReadBytes()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("80"), (ref MessagePackReader r) => r.ReadArrayHeader()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("90"), (ref MessagePackReader r) => r.ReadMapHeader()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("c400"), (ref MessagePackReader r) => r.ReadExtensionHeader()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("00"), (ref MessagePackReader r) => { r.ReadNil(); return 0; }));
    }

    [Fact]
    public void Floats_read_as_either_width()
    {
        byte[] single = Msgpack.Write((ref MessagePackWriter w) => w.Write(1.5f));
        byte[] @double = Msgpack.Write((ref MessagePackWriter w) => w.Write(0.1));
        Assert.Equal(1.5f, Msgpack.Read(single, (ref MessagePackReader r) => r.ReadSingle()));
        Assert.Equal(1.5, Msgpack.Read(single, (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Equal(0.1, Msgpack.Read(@double, (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Equal(0.1f, Msgpack.Read(@double, (ref MessagePackReader r) => r.ReadSingle()));
        Assert.Equal(1.8446744073709552E19, Msgpack.Read(Msgpack.FromHex("cfffffffffffffffff"), (ref MessagePackReader r) => r.ReadDouble()));
        Assert.True(double.IsNaN(Msgpack.Read(Msgpack.FromHex("cb7ff8000000000000"), (ref MessagePackReader r) => r.ReadDouble())));
    }

    [Fact]
    public void Nil_reads_as_null_and_TryReadNil_only_consumes_nil()
    {
        var reader = new MessagePackReader(Msgpack.FromHex("c0 c0 c0 01"));
        Assert.Null(reader.ReadString());
        Assert.Null(reader.ReadBytes());
        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.Equal(3, reader.Position);
        Assert.Equal(1, reader.Remaining);
        Assert.Equal(1, reader.ReadInt32());
        Assert.True(reader.End);
    }

    [Fact]
    public void Strings_read_decoded_or_as_utf8_spans()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.Write("Grüße");
            w.Write(new string('z', 40));
            w.Write(7);
        });
        var reader = new MessagePackReader(bytes);
        Assert.True(reader.TryReadStringSpan(out var utf8));
        Assert.Equal("Grüße"u8.ToArray(), utf8.ToArray());
        Assert.Equal(40, reader.ReadStringHeader());
        Assert.Equal(new string('z', 40), System.Text.Encoding.ASCII.GetString(reader.ReadRaw(40).ToArray()));
        Assert.False(reader.TryReadStringSpan(out _));
        Assert.Equal(7, reader.ReadInt32());
    }

    [Fact]
    public void Invalid_utf8_is_a_format_error()
    {
        var error = Msgpack.Fails(Msgpack.FromHex("a2 c328"), (ref MessagePackReader r) => r.ReadString());
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("a1 ff"), (ref MessagePackReader r) => r.ReadString()));
    }

    [Fact]
    public void Binary_reads_as_a_copy_a_span_or_a_slice()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.Write(new byte[] { 1, 2, 3 });
            w.Write(new byte[300]);
            w.Write(new byte[] { 9 });
        });
        var reader = new MessagePackReader(bytes);
        Assert.Equal([1, 2, 3], reader.ReadBytes());
        Assert.Equal(300, reader.ReadBinarySpan().Length);
        var slice = reader.ReadBytesSequence();
        Assert.Equal([9], slice.ToArray());
        Assert.True(reader.End);
    }

    [Fact]
    public void Extension_headers_report_type_and_length_for_every_size()
    {
        foreach (int length in new[] { 0, 1, 2, 3, 4, 8, 16, 17, 255, 256, 65535, 65536 })
        {
            byte[] data = new byte[length];
            Array.Fill(data, (byte)7);
            byte[] bytes = Msgpack.Write((ref MessagePackWriter w) => w.WriteExtension(-100, data));
            var reader = new MessagePackReader(bytes);
            var header = reader.ReadExtensionHeader();
            Assert.Equal(new ExtensionHeader(-100, (uint)length), header);
            Assert.Equal(data, reader.ReadRaw(header.Length).ToArray());
            Assert.True(reader.End);
        }
    }

    [Fact]
    public void A_multi_segment_sequence_reads_like_contiguous_memory()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("key");
            w.Write(new string('v', 100));
            w.Write(12345);
            w.Write(new byte[] { 1, 2 });
        });
        var first = new MessagePackWriterTests.Segment(bytes[..3]);
        var middle = first.Append(bytes[3..50]);
        var last = middle.Append(bytes[50..]);
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.Equal(2, reader.ReadMapHeader());
        Assert.Equal("key", reader.ReadString());
        Assert.Equal(new string('v', 100), reader.ReadString());
        Assert.Equal(12345, reader.ReadInt32());
        Assert.Equal([1, 2], reader.ReadBytes());
        Assert.True(reader.End);
    }

    [Fact]
    public void Reading_past_the_end_is_a_format_error_not_an_index_error()
    {
        var reader = new MessagePackReader(ReadOnlyMemory<byte>.Empty);
        Assert.True(reader.End);
        try
        {
            _ = reader.NextMessagePackType;
            Assert.Fail("NextMessagePackType on empty input did not throw.");
        }
        catch (MessagePackFormatException e)
        {
            Assert.Equal(0, e.Offset);
        }
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("cd 01"), (ref MessagePackReader r) => r.ReadInt32()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("cb 000000"), (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Throws<MessagePackFormatException>(() => Msgpack.Read(Msgpack.FromHex("d9"), (ref MessagePackReader r) => r.ReadString()));
    }
}
