using MessagePack;
using TypedTasks.Serialization;
using TypedTasks.Tests.MessagePack;
using Xunit;

namespace TypedTasks.Tests.Serialization;

/// <summary>Any MessagePack value as JSON, the way the dashboard and the tool show payloads and results.</summary>
public sealed class MessagePackJsonTests
{
    [Fact]
    public void A_task_map_reads_as_its_json_object()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(4);
            w.Write("Name");
            w.Write("<script>alert(1)</script>");
            w.Write("Count");
            w.Write(-3);
            w.Write("Tags");
            w.WriteArrayHeader(2);
            w.Write("a");
            w.WriteNil();
            w.Write("Ok");
            w.Write(true);
        });

        Assert.Equal("""{"Name":"<script>alert(1)</script>","Count":-3,"Tags":["a",null],"Ok":true}""", MessagePackJson.ToJson(bytes, indented: false));
    }

    [Fact]
    public void Every_integer_float_binary_timestamp_and_extension_shows_in_json_terms()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(7);
            w.Write(ulong.MaxValue);
            w.Write(long.MinValue);
            w.Write(1.5);
            w.Write(double.NaN);
            w.Write(new byte[] { 1, 2, 3 });
            w.Write(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc));
            w.WriteExtensionFormat(new ExtensionResult(5, new byte[] { 0xff }));
        });

        Assert.Equal(
            """[18446744073709551615,-9223372036854775808,1.5,"NaN",{"$bin":"AQID"},"2026-03-01T08:00:00Z",{"$ext":5,"data":"/w=="}]""",
            MessagePackJson.ToJson(bytes, indented: false));
    }

    [Fact]
    public void A_key_that_is_not_a_string_is_written_as_its_json_text()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write(1);
            w.Write("one");
            w.Write(true);
            w.Write("yes");
        });

        Assert.Equal("""{"1":"one","true":"yes"}""", MessagePackJson.ToJson(bytes, indented: false));
    }

    [Fact]
    public void Several_values_show_one_per_line()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.Write(1);
            w.Write("two");
        });

        Assert.Equal("1\n\"two\"", MessagePackJson.ToJson(bytes));
    }

    [Theory]
    [InlineData("c1")]          // never used
    [InlineData("92a161")]      // an array of 2 with one element
    [InlineData("a3ffffff")]    // a string that is not UTF-8
    public void Invalid_bytes_fail_with_a_serialization_error(string hex)
    {
        var error = Assert.Throws<MessagePackSerializationException>(() => MessagePackJson.ToJson(Convert.FromHexString(hex)));
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void Nesting_deeper_than_the_reader_allows_fails()
    {
        byte[] bytes = Enumerable.Repeat((byte)0x91, MessagePackReaderChecks.MaxDepth + 2).Append((byte)0xc0).ToArray();

        Assert.Throws<MessagePackSerializationException>(() => MessagePackJson.ToJson(bytes));
    }
}
