using System.Buffers;
using System.Text;
using TypedTasks.Redis.Resp;
using Xunit;

namespace TypedTasks.Redis.Tests.Resp;

/// <summary>Random, truncated and corrupted reply streams give replies, "need more bytes", or a protocol error — nothing else.</summary>
public sealed class RespParserFuzzTests
{
    private static readonly byte[][] Valid =
    [
        "+OK\r\n"u8.ToArray(), "-ERR boom\r\n"u8.ToArray(), ":-12345\r\n"u8.ToArray(), "$5\r\nhello\r\n"u8.ToArray(),
        "$-1\r\n"u8.ToArray(), "*-1\r\n"u8.ToArray(), "*0\r\n"u8.ToArray(),
        "*3\r\n:1\r\n$1\r\nx\r\n*2\r\n+a\r\n$0\r\n\r\n"u8.ToArray(),
    ];

    [Fact]
    public void Valid_replies_parse_and_truncated_ones_ask_for_more()
    {
        foreach (var reply in Valid)
        {
            Assert.True(Parse(reply, out int consumed));
            Assert.Equal(reply.Length, consumed);
            for (int cut = 0; cut < reply.Length; cut++)
                Assert.False(Parse(reply[..cut], out _), $"a reply cut at {cut} of {Encoding.ASCII.GetString(reply)}");
        }
    }

    [Fact]
    public void Random_and_mutated_streams_only_ever_raise_protocol_errors()
    {
        var random = new Random(20261122);
        int errors = 0, replies = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte[] input = i % 2 == 0 ? Mutate(Valid[random.Next(Valid.Length)], random) : RandomBytes(random);
            try
            {
                if (Parse(input, out _))
                    replies++;
            }
            catch (RedisProtocolException)
            {
                errors++;
            }
        }
        Assert.True(errors > 1000 && replies > 1000, $"{errors} protocol errors, {replies} replies");
    }

    [Fact]
    public void Hostile_lengths_are_refused_without_allocating_them()
    {
        Assert.Throws<RedisProtocolException>(() => Parse("$99999999999\r\n"u8.ToArray(), out _));
        Assert.Throws<RedisProtocolException>(() => Parse("*-5\r\n"u8.ToArray(), out _));
        Assert.Throws<RedisProtocolException>(() => Parse("$abc\r\n"u8.ToArray(), out _));
        Assert.Throws<RedisProtocolException>(() => Parse("%1\r\n"u8.ToArray(), out _));
        Assert.Throws<RedisProtocolException>(() => Parse(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 40)) + ":1\r\n"), out _));
        Assert.False(Parse("*2147483647\r\n"u8.ToArray(), out _));
    }

    private static bool Parse(byte[] input, out int consumed)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));
        bool parsed = RespParser.TryParse(ref reader, out _);
        consumed = (int)reader.Consumed;
        return parsed;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        switch (random.Next(4))
        {
            case 0: bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8)); break;
            case 1: bytes.RemoveRange(random.Next(bytes.Count), 1); break;
            case 2: bytes.Insert(random.Next(bytes.Count), (byte)random.Next(256)); break;
            default: bytes[random.Next(bytes.Count)] = (byte)"+-:$*\r\n0123456789"[random.Next(17)]; break;
        }
        return bytes.ToArray();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 64)];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)(random.Next(3) == 0 ? "+-:$*\r\n0123456789"[random.Next(17)] : random.Next(256));
        return bytes;
    }
}
