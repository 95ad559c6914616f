using System.Buffers;
using TypedTasks.MessagePack;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

public sealed class MessagePackWriterTests
{
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7f")]
    [InlineData(128, "cc80")]
    [InlineData(-1, "ff")]
    [InlineData(-32, "e0")]
    [InlineData(-33, "d0df")]
    [InlineData(-128, "d080")]
    [InlineData(-129, "d1ff7f")]
    [InlineData(32767, "cd7fff")]
    [InlineData(-32768, "d18000")]
    [InlineData(-32769, "d2ffff7fff")]
    [InlineData(int.MaxValue, "ce7fffffff")]
    [InlineData(int.MinValue, "d280000000")]
    public void Signed_overloads_all_write_the_smallest_encoding(int value, string hex)
    {
        Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write(value)));
        Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((long)value)));
        if (value is >= short.MinValue and <= short.MaxValue)
            Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((short)value)));
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
            Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((sbyte)value)));
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(255u, "ccff")]
    [InlineData(256u, "cd0100")]
    [InlineData(65535u, "cdffff")]
    [InlineData(65536u, "ce00010000")]
    [InlineData(uint.MaxValue, "ceffffffff")]
    public void Unsigned_overloads_all_write_the_smallest_encoding(uint value, string hex)
    {
        Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write(value)));
        Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((ulong)value)));
        if (value <= ushort.MaxValue)
        {
            Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((ushort)value)));
            Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((char)value)));
        }
        if (value <= byte.MaxValue)
            Assert.Equal(hex, Msgpack.Hex((ref MessagePackWriter w) => w.Write((byte)value)));
    }

    [Fact]
    public void Sixty_four_bit_extremes_use_the_eight_byte_formats()
    {
        Assert.Equal("cfffffffffffffffff", Msgpack.Hex((ref MessagePackWriter w) => w.Write(ulong.MaxValue)));
        Assert.Equal("cf7fffffffffffffff", Msgpack.Hex((ref MessagePackWriter w) => w.Write(long.MaxValue)));
        Assert.Equal("d38000000000000000", Msgpack.Hex((ref MessagePackWriter w) => w.Write(long.MinValue)));
        Assert.Equal("cf0000000100000000", Msgpack.Hex((ref MessagePackWriter w) => w.Write(1L << 32)));
    }

    [Fact]
    public void Null_string_and_null_bytes_are_nil()
    {
        Assert.Equal("c0", Msgpack.Hex((ref MessagePackWriter w) => w.Write((string?)null)));
        Assert.Equal("c0", Msgpack.Hex((ref MessagePackWriter w) => w.Write((byte[]?)null)));
        Assert.Equal("c0c2c3", Msgpack.Hex((ref MessagePackWriter w) =>
        {
            w.WriteNil();
            w.Write(false);
            w.Write(true);
        }));
    }

    [Fact]
    public void String_overloads_agree_and_lone_surrogates_become_replacement_characters()
    {
        string text = "héllo wörld, 日本";
        string expected = Msgpack.Hex((ref MessagePackWriter w) => w.Write(text));
        Assert.Equal(expected, Msgpack.Hex((ref MessagePackWriter w) => w.WriteString(text.AsSpan())));
        Assert.Equal(expected, Msgpack.Hex((ref MessagePackWriter w) => w.WriteString(System.Text.Encoding.UTF8.GetBytes(text))));
        Assert.Equal(expected, Msgpack.Hex((ref MessagePackWriter w) =>
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
            w.WriteStringHeader(utf8.Length);
            w.WriteRaw(utf8);
        }));
        Assert.Equal("a3efbfbd", Msgpack.Hex((ref MessagePackWriter w) => w.WriteString("\ud800".AsSpan())));
    }

    [Fact]
    public void Binary_overloads_agree()
    {
        byte[] data = [1, 2, 3];
        Assert.Equal("c403010203", Msgpack.Hex((ref MessagePackWriter w) => w.Write(data)));
        Assert.Equal("c403010203", Msgpack.Hex((ref MessagePackWriter w) => w.WriteBinary(data)));
        Assert.Equal("c400", Msgpack.Hex((ref MessagePackWriter w) => w.Write(Array.Empty<byte>())));
    }

    [Fact]
    public void Extension_header_then_data_equals_a_whole_extension()
    {
        byte[] data = new byte[3];
        Assert.Equal("c70305000000", Msgpack.Hex((ref MessagePackWriter w) => w.WriteExtension(5, data)));
        Assert.Equal("c70305", Msgpack.Hex((ref MessagePackWriter w) => w.WriteExtensionHeader(5, 3)));
        Assert.Equal("d4ff", Msgpack.Hex((ref MessagePackWriter w) => w.WriteExtensionHeader(-1, 1)));
        Assert.Equal("c700ff", Msgpack.Hex((ref MessagePackWriter w) => w.WriteExtensionHeader(-1, 0)));
    }

    [Fact]
    public void Timestamps_take_the_smallest_of_the_three_forms()
    {
        Assert.Equal("d6ff00000000", Msgpack.Hex((ref MessagePackWriter w) => w.WriteTimestamp(0, 0)));
        Assert.Equal("d6ffffffffff", Msgpack.Hex((ref MessagePackWriter w) => w.WriteTimestamp(uint.MaxValue, 0)));
        Assert.Equal("d7ff0000000100000000", Msgpack.Hex((ref MessagePackWriter w) => w.WriteTimestamp(1L << 32, 0)));
        Assert.Equal("d7ff0000000400000000", Msgpack.Hex((ref MessagePackWriter w) => w.WriteTimestamp(0, 1)));
        Assert.Equal("c70cff00000000ffffffffffffffff", Msgpack.Hex((ref MessagePackWriter w) => w.WriteTimestamp(-1, 0)));
        Assert.Equal("c70cff000000000000000400000000", Msgpack.Hex((ref MessagePackWriter w) => w.WriteTimestamp(1L << 34, 0)));
    }

    [Fact]
    public void Caller_errors_throw_argument_exceptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write((ref MessagePackWriter w) => w.WriteTimestamp(0, 1_000_000_000)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write((ref MessagePackWriter w) => w.WriteArrayHeader(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write((ref MessagePackWriter w) => w.WriteMapHeader(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write((ref MessagePackWriter w) => w.WriteStringHeader(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write((ref MessagePackWriter w) => w.WriteExtensionHeader(1, -1)));
        Assert.Throws<ArgumentNullException>(() => new MessagePackWriter(null!));
    }

    [Fact]
    public void Writes_through_to_a_buffer_writer_that_hands_out_small_spans()
    {
        var output = new TinyBufferWriter();
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.Write(new string('x', 300));
        writer.Write(ulong.MaxValue);
        writer.WriteTimestamp(1L << 40, 5);
        byte[] expected = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(new string('x', 300));
            w.Write(ulong.MaxValue);
            w.WriteTimestamp(1L << 40, 5);
        });
        Assert.Equal(expected, output.Written.ToArray());
    }

    [Fact]
    public void WriteRaw_copies_every_segment_of_a_sequence()
    {
        var first = new Segment([0x92, 0x01]);
        var last = first.Append([0xa1, 0x61]);
        var sequence = new ReadOnlySequence<byte>(first, 0, last, 2);
        Assert.Equal("9201a161", Msgpack.Hex((ref MessagePackWriter w) => w.WriteRaw(sequence)));
    }

    /// <summary>Hands out spans exactly as large as asked, so every write must ask for what it needs.</summary>
    private sealed class TinyBufferWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _pending = [];

        public IReadOnlyList<byte> Written => _written;

        public void Advance(int count) => _written.AddRange(_pending.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => _pending = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }

    internal sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(byte[] data)
        {
            var next = new Segment(data) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
