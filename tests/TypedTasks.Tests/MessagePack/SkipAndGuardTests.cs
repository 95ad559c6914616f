using System.Buffers;
using TypedTasks.MessagePack;
using TypedTasks.Tests.MessagePack.Conformance;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

/// <summary>Skip and ReadRaw over whole values, the nesting limit, and headers checked against the bytes that remain.</summary>
public sealed class SkipAndGuardTests
{
    [Fact]
    public void Skip_and_ReadRaw_pass_exactly_one_whole_value_of_every_family()
    {
        byte[] trailer = [0xc3];
        foreach (var value in ConformanceValues.All)
        {
            byte[] encoded = value.Encode();
            byte[] bytes = [.. encoded, .. trailer];
            var reader = new MessagePackReader(bytes);
            reader.Skip();
            Assert.Equal(encoded.Length, reader.Position);
            Assert.Equal(0, reader.Depth);

            reader = new MessagePackReader(bytes);
            Assert.Equal(encoded, reader.ReadRaw().ToArray());
            Assert.True(reader.ReadBoolean());

            reader = new MessagePackReader(bytes);
            var raw = reader.ReadRawMemory();
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(raw, out var segment));
            Assert.Same(bytes, segment.Array);
            Assert.Equal(encoded.Length, raw.Length);
        }
    }

    [Fact]
    public void Skip_throws_on_the_never_used_byte_with_its_offset()
    {
        var error = Msgpack.Fails(Msgpack.FromHex("93 01 02 c1"), (ref MessagePackReader r) => { r.Skip(); return 0; });
        Assert.Equal(3, error.Offset);
        Assert.Contains("0xc1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nesting_up_to_64_containers_is_read_and_the_65th_is_refused(bool maps)
    {
        Assert.Equal(0, Msgpack.Read(Nested(64, maps), (ref MessagePackReader r) => { r.Skip(); return r.Depth; }));
        var error = Msgpack.Fails(Nested(65, maps), (ref MessagePackReader r) => { r.Skip(); return 0; });
        Assert.Contains("nested deeper than 64", error.Message, StringComparison.Ordinal);
        Assert.Equal(maps ? 64 * 2 : 64, error.Offset);
    }

    [Fact]
    public void MaxDepth_can_be_lowered_and_callers_that_recurse_raise_Depth()
    {
        byte[] three = Nested(3, maps: false);
        Assert.Throws<MessagePackFormatException>(() => SkipAll(three, maxDepth: 2));
        SkipAll(three, maxDepth: 3);

        // A reader of nested user types raises Depth around each nested value; the header is checked against it.
        Assert.Throws<MessagePackFormatException>(() => ReadArrayHeaderAt(three, position: 2, depth: 2, maxDepth: 2));
        Assert.Equal(1, ReadArrayHeaderAt(three, position: 2, depth: 1, maxDepth: 2));
    }

    [Fact]
    public void Deeply_nested_hostile_input_fails_fast_without_stack_overflow()
    {
        byte[] bytes = new byte[1_000_000];
        Array.Fill(bytes, (byte)0x91);
        Assert.Throws<MessagePackFormatException>(() => SkipAll(bytes, MessagePackReader.DefaultMaxDepth));
        Array.Fill(bytes, (byte)0x81);
        Assert.Throws<MessagePackFormatException>(() => SkipAll(bytes, MessagePackReader.DefaultMaxDepth));
    }

    [Theory]
    [InlineData("dd ffffffff 00000000 00", "array")]   // array32 of 4 294 967 295 in 10 bytes
    [InlineData("dd 7fffffff 00000000 00", "array")]
    [InlineData("df 7fffffff 00000000 00", "map")]
    [InlineData("dc 0005 01020304", "array")]          // five elements, four bytes
    [InlineData("de 0003 0102030405", "map")]          // three entries need at least six bytes
    [InlineData("8f 0102", "map")]
    [InlineData("9f 01", "array")]
    public void Container_headers_claiming_more_than_the_input_holds_fail_at_once(string hex, string what)
    {
        byte[] bytes = Msgpack.FromHex(hex);
        var error = Msgpack.Fails(bytes, (ref MessagePackReader r) => what == "map" ? r.ReadMapHeader() : r.ReadArrayHeader());
        Assert.Equal(0, error.Offset);
        Assert.Throws<MessagePackFormatException>(() => SkipAll(bytes, MessagePackReader.DefaultMaxDepth));
    }

    [Theory]
    [InlineData("db ffffffff 41")]
    [InlineData("db 7fffffff 41")]
    [InlineData("da 0100 41")]
    [InlineData("d9 05 41")]
    [InlineData("bf 41")]
    [InlineData("c6 7fffffff 00")]
    [InlineData("c5 0002 00")]
    [InlineData("c4 02 00")]
    [InlineData("c9 7fffffff 01 00")]
    [InlineData("c9 ffffffff 01 00")]
    [InlineData("c8 0002 01 00")]
    [InlineData("c7 02 01 00")]
    [InlineData("d8 01 00")]
    [InlineData("d4 01")]
    public void Length_headers_claiming_more_than_the_input_holds_fail_before_allocating(string hex)
    {
        byte[] bytes = Msgpack.FromHex(hex);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Msgpack.Fails(bytes, (ref MessagePackReader r) => { r.Skip(); return 0; });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for a {bytes.Length}-byte input");
        Assert.Matches("follow|ended|larger", error.Message);

        var typed = bytes[0] switch
        {
            >= 0xa0 and <= 0xbf or 0xd9 or 0xda or 0xdb => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadString()),
            0xc4 or 0xc5 or 0xc6 => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadBytes()),
            _ => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadExtensionHeader()),
        };
        Assert.Equal(error.Message, typed.Message);
    }

    [Fact]
    public void ReadRaw_with_a_length_checks_what_remains()
    {
        var reader = new MessagePackReader(new byte[] { 1, 2, 3 });
        Assert.Equal([1, 2], reader.ReadRaw(2).ToArray());
        Assert.Throws<MessagePackFormatException>(() => ReadRawAt(new byte[] { 1, 2, 3 }, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadRawAt(new byte[] { 1, 2, 3 }, -1));
    }

    private static byte[] Nested(int depth, bool maps)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < depth; i++)
        {
            if (maps)
                bytes.AddRange([0x81, 0x00]);
            else
                bytes.Add(0x91);
        }
        bytes.Add(0xc0);
        return [.. bytes];
    }

    private static void SkipAll(byte[] bytes, int maxDepth)
    {
        var reader = new MessagePackReader(bytes) { MaxDepth = maxDepth };
        while (!reader.End)
            reader.Skip();
    }

    private static int ReadArrayHeaderAt(byte[] bytes, int position, int depth, int maxDepth)
    {
        var reader = new MessagePackReader(bytes.AsMemory(position)) { Depth = depth, MaxDepth = maxDepth };
        return reader.ReadArrayHeader();
    }

    private static void ReadRawAt(byte[] bytes, long length)
    {
        var reader = new MessagePackReader(bytes);
        reader.ReadRaw(length);
    }
}
