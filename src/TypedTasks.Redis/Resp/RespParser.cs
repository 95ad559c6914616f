using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// Parses RESP2 replies (and the RESP3 types a RESP2 server never sends are refused) from a byte sequence. Returns
/// <see langword="false"/> when the sequence holds no complete reply yet; throws <see cref="RedisProtocolException"/>
/// on bytes that can never become one.
/// </summary>
internal static class RespParser
{
    public const int MaxDepth = 32;
    public const long MaxBulkLength = 512L * 1024 * 1024;
    private const int MaxLineLength = 64 * 1024;

    /// <summary>One parsed reply: a value, or the server's error message.</summary>
    public readonly record struct Reply(RedisValue Value, string? Error);

    public static bool TryParse(ref SequenceReader<byte> reader, out Reply reply)
    {
        var start = reader;
        if (TryParseValue(ref reader, 0, out reply))
            return true;
        reader = start;
        return false;
    }

    private static bool TryParseValue(ref SequenceReader<byte> reader, int depth, out Reply reply)
    {
        reply = default;
        if (!reader.TryRead(out byte prefix))
            return false;
        switch (prefix)
        {
            case (byte)'+':
                if (!TryReadLine(ref reader, out var simple))
                    return false;
                reply = new Reply(RedisValue.Simple(simple.ToArray()), null);
                return true;
            case (byte)'-':
                if (!TryReadLine(ref reader, out var error))
                    return false;
                reply = new Reply(default, Encoding.UTF8.GetString(error));
                return true;
            case (byte)':':
                if (!TryReadInteger(ref reader, out long integer))
                    return false;
                reply = new Reply(RedisValue.Int(integer), null);
                return true;
            case (byte)'$':
                if (!TryReadInteger(ref reader, out long length))
                    return false;
                if (length == -1)
                {
                    reply = new Reply(RedisValue.Null, null);
                    return true;
                }
                if (length < 0 || length > MaxBulkLength)
                    throw new RedisProtocolException($"A bulk string length of {length} is invalid.");
                if (reader.Remaining < length + 2)
                    return false;
                var bytes = new byte[length];
                reader.TryCopyTo(bytes);
                reader.Advance(length);
                if (!reader.IsNext("\r\n"u8, advancePast: true))
                    throw new RedisProtocolException("A bulk string is not followed by CRLF.");
                reply = new Reply(RedisValue.Bulk(bytes), null);
                return true;
            case (byte)'*':
                if (!TryReadInteger(ref reader, out long count))
                    return false;
                if (count == -1)
                {
                    reply = new Reply(RedisValue.Null, null);
                    return true;
                }
                if (count < 0 || count > int.MaxValue)
                    throw new RedisProtocolException($"An array length of {count} is invalid.");
                if (depth >= MaxDepth)
                    throw new RedisProtocolException($"The reply nests arrays deeper than {MaxDepth} levels.");
                if (count > reader.Remaining)
                    return false; // every element takes at least one byte, so the rest has not arrived yet
                var items = new RedisValue[count];
                for (int i = 0; i < count; i++)
                {
                    if (!TryParseValue(ref reader, depth + 1, out var item))
                        return false;
                    if (item.Error is not null)
                        throw new RedisProtocolException("An error reply inside an array is not supported.");
                    items[i] = item.Value;
                }
                reply = new Reply(RedisValue.Array(items), null);
                return true;
            default:
                throw new RedisProtocolException($"The reply starts with the byte 0x{prefix:x2}, which is not a RESP2 type.");
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLineLength)
                throw new RedisProtocolException($"A reply line is longer than {MaxLineLength} bytes.");
            return false;
        }
        return true;
    }

    private static bool TryReadInteger(ref SequenceReader<byte> reader, out long value)
    {
        value = 0;
        if (!TryReadLine(ref reader, out var line))
            return false;
        Span<byte> buffer = stackalloc byte[24];
        if (line.Length == 0 || line.Length > buffer.Length)
            throw new RedisProtocolException("A reply has an invalid integer.");
        line.CopyTo(buffer);
        var text = buffer[..(int)line.Length];
        if (!Utf8Parser.TryParse(text, out value, out int consumed) || consumed != text.Length)
            throw new RedisProtocolException($"A reply has an invalid integer '{Encoding.ASCII.GetString(text)}'.");
        return true;
    }
}
