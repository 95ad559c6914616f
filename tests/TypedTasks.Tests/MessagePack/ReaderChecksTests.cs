using MessagePack;
using TypedTasks.Serialization;
using TypedTasks.Tests.MessagePack.Conformance;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

/// <summary>
/// What <see cref="MessagePackReaderChecks"/> adds to MessagePack-CSharp's reader for hostile payloads: bounded nesting,
/// strict UTF-8, no negative counts; and that hostile lengths and truncation end in errors it classifies as malformed
/// input, before anything large is allocated.
/// </summary>
public sealed class ReaderChecksTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nesting_up_to_64_containers_is_read_and_the_65th_is_refused(bool maps)
    {
        Msgpack.Read(Nested(64, maps), (ref MessagePackReader r) => MpValue.Read(ref r));
        var error = Msgpack.Fails(Nested(65, maps), (ref MessagePackReader r) => MpValue.Read(ref r));
        Assert.Contains("nested deeper than 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_hostile_input_fails_fast_without_stack_overflow()
    {
        byte[] bytes = new byte[1_000_000];
        foreach (byte header in new byte[] { 0x91, 0x81 })
        {
            Array.Fill(bytes, header);
            Assert.Contains("nested deeper", Msgpack.Fails(bytes, (ref MessagePackReader r) => MpValue.Read(ref r)).Message, StringComparison.Ordinal);
            Msgpack.Fails(bytes, (ref MessagePackReader r) => { r.Skip(); return 0; });
        }
    }

    [Theory]
    [InlineData("dd ffffffff 00000000 00", "array")]   // array32 of 4 294 967 295 in 10 bytes
    [InlineData("dd 80000000 00000000 00", "array")]   // 2^31: a negative int to the reader
    [InlineData("dd 7fffffff 00000000 00", "array")]
    [InlineData("df 7fffffff 00000000 00", "map")]
    [InlineData("df ffffffff 00000000 00", "map")]
    [InlineData("dc 0005 01020304", "array")]          // five elements, four bytes
    [InlineData("de 0003 0102030405", "map")]          // three entries need at least six bytes
    [InlineData("8f 0102", "map")]
    [InlineData("9f 01", "array")]
    public void Container_headers_claiming_more_than_the_input_holds_fail_at_once(string hex, string what)
    {
        byte[] bytes = Msgpack.FromHex(hex);
        Msgpack.Fails(bytes, (ref MessagePackReader r) => what == "map" ? r.ReadNestedMapHeader() : r.ReadNestedArrayHeader());
        Msgpack.Fails(bytes, (ref MessagePackReader r) => MpValue.Read(ref r));
    }

    [Theory]
    [InlineData("db ffffffff 41")]
    [InlineData("db 7fffffff 41")]
    [InlineData("da 0100 41")]
    [InlineData("d9 05 41")]
    [InlineData("bf 41")]
    [InlineData("c6 7fffffff 00")]
    [InlineData("c6 ffffffff 00")]
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
        Msgpack.Fails(bytes, (ref MessagePackReader r) => { r.Skip(); return 0; });
        var typed = bytes[0] switch
        {
            >= 0xa0 and <= 0xbf or 0xd9 or 0xda or 0xdb => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadStrictString()),
            0xc4 or 0xc5 or 0xc6 => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadByteArray()),
            _ => Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadExtensionFormatHeader()),
        };
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for a {bytes.Length}-byte input ({typed.GetType().Name})");
    }

    [Theory]
    [InlineData("a2 c328")]           // a lead byte followed by a non-continuation byte
    [InlineData("a1 ff")]             // never valid in UTF-8
    [InlineData("a3 eda080")]         // an encoded surrogate
    [InlineData("a2 c0af")]           // an overlong encoding of '/'
    public void Strings_must_be_valid_utf8(string hex)
    {
        byte[] bytes = Msgpack.FromHex(hex);
        Assert.Contains("\uFFFD", Msgpack.Read(bytes, (ref MessagePackReader r) => r.ReadString()), StringComparison.Ordinal);
        Assert.Contains("UTF-8", Msgpack.Fails(bytes, (ref MessagePackReader r) => r.ReadStrictString()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_value_is_malformed_input()
    {
        byte[] whole = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write("When");
            w.WriteDateTimeOffset(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)));
            w.Write("Ids");
            w.WriteArrayHeader(2);
            w.WriteGuid(Guid.Empty);
            w.WriteDecimal(1.25m);
            w.Write("Blob");
            w.Write(new byte[300]);
        });
        Assert.IsType<MpMap>(Msgpack.Read(whole, (ref MessagePackReader r) => MpValue.Read(ref r)));
        for (int length = 0; length < whole.Length; length++)
            Msgpack.Fails(whole[..length], (ref MessagePackReader r) => MpValue.Read(ref r));
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
}
