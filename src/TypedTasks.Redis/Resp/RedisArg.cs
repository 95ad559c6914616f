using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace TypedTasks.Redis.Resp;

/// <summary>One argument of a command: text, an integer or bytes, sent as a RESP bulk string.</summary>
public readonly struct RedisArg
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly byte _kind; // 0 integer, 1 text, 2 bytes

    private RedisArg(string? text, ReadOnlyMemory<byte> bytes, long integer, byte kind)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _kind = kind;
    }

    /// <summary>Text, sent as UTF-8.</summary>
    public static implicit operator RedisArg(string value) => From(value);

    /// <summary>An integer, sent as its decimal text.</summary>
    public static implicit operator RedisArg(long value) => new(null, default, value, 0);

    /// <summary>Text, sent as UTF-8.</summary>
    public static RedisArg From(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), default, 0, 1);

    /// <summary>Bytes, sent as they are.</summary>
    public static RedisArg From(ReadOnlyMemory<byte> value) => new(null, value, 0, 2);

    /// <summary>Bytes, sent as they are.</summary>
    public static RedisArg From(byte[] value) => new(null, value ?? throw new ArgumentNullException(nameof(value)), 0, 2);

    /// <summary>Writes the argument as <c>$len\r\n...\r\n</c>.</summary>
    internal void WriteTo(IBufferWriter<byte> output)
    {
        switch (_kind)
        {
            case 0:
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(_integer, digits, out int written);
                RespWriter.WriteBulk(output, digits[..written]);
                break;
            case 1:
                int length = Encoding.UTF8.GetByteCount(_text!);
                RespWriter.WriteBulkHeader(output, length);
                Encoding.UTF8.GetBytes(_text, output);
                RespWriter.WriteCrlf(output);
                break;
            default:
                RespWriter.WriteBulk(output, _bytes.Span);
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => _kind switch
    {
        0 => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => _text!,
        _ => $"<{_bytes.Length} bytes>",
    };
}
