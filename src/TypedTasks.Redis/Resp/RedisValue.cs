using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace TypedTasks.Redis.Resp;

/// <summary>The kind of a RESP reply.</summary>
public enum RedisValueType
{
    /// <summary>A null bulk string or null array.</summary>
    Null,
    /// <summary><c>+OK</c>.</summary>
    SimpleString,
    /// <summary><c>:42</c>.</summary>
    Integer,
    /// <summary><c>$3\r\nfoo</c>.</summary>
    BulkString,
    /// <summary><c>*2 ...</c>.</summary>
    Array,
}

/// <summary>A reply from Redis. Error replies never become values: they are thrown as <see cref="RedisServerException"/>.</summary>
public readonly struct RedisValue
{
    private static readonly RedisValue[] NoItems = [];

    private readonly byte[]? _bytes;
    private readonly RedisValue[]? _items;
    private readonly long _integer;

    private RedisValue(RedisValueType type, byte[]? bytes, RedisValue[]? items, long integer)
    {
        Type = type;
        _bytes = bytes;
        _items = items;
        _integer = integer;
    }

    /// <summary>The null reply.</summary>
    public static RedisValue Null => default;

    internal static RedisValue Simple(byte[] text) => new(RedisValueType.SimpleString, text, null, 0);

    internal static RedisValue Bulk(byte[] bytes) => new(RedisValueType.BulkString, bytes, null, 0);

    internal static RedisValue Int(long value) => new(RedisValueType.Integer, null, null, value);

    internal static RedisValue Array(RedisValue[] items) => new(RedisValueType.Array, null, items, 0);

    /// <summary>The kind of reply.</summary>
    public RedisValueType Type { get; }

    /// <summary>Whether this is a null reply.</summary>
    public bool IsNull => Type == RedisValueType.Null;

    /// <summary>The number of items of an array reply (0 for anything else).</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>An item of an array reply.</summary>
    public RedisValue this[int index] => (_items ?? NoItems)[index];

    /// <summary>The items of an array reply (empty for anything else).</summary>
    public ReadOnlySpan<RedisValue> Items => _items ?? NoItems;

    /// <summary>The reply as an integer (integer replies, or strings that hold one).</summary>
    /// <exception cref="InvalidCastException">The reply is not an integer.</exception>
    public long AsInt64()
    {
        if (Type == RedisValueType.Integer)
            return _integer;
        if (_bytes is not null && Utf8Parser.TryParse(_bytes, out long value, out int consumed) && consumed == _bytes.Length)
            return value;
        throw new InvalidCastException($"The Redis reply {this} is not an integer.");
    }

    /// <summary>The reply as a floating-point number.</summary>
    /// <exception cref="InvalidCastException">The reply is not a number.</exception>
    public double AsDouble()
    {
        if (Type == RedisValueType.Integer)
            return _integer;
        if (_bytes is not null && double.TryParse(Encoding.UTF8.GetString(_bytes), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return value;
        throw new InvalidCastException($"The Redis reply {this} is not a number.");
    }

    /// <summary>The reply as text (a null reply gives the empty string; see <see cref="AsNullableString"/>).</summary>
    public string AsString() => AsNullableString() ?? "";

    /// <summary>The reply as text, or <see langword="null"/> for a null reply.</summary>
    public string? AsNullableString() => Type switch
    {
        RedisValueType.Null => null,
        RedisValueType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisValueType.Array => throw new InvalidCastException("A Redis array reply is not a string."),
        _ => Encoding.UTF8.GetString(_bytes!),
    };

    /// <summary>The reply's bytes (empty for null).</summary>
    public ReadOnlyMemory<byte> AsBytes() => Type switch
    {
        RedisValueType.Integer => Encoding.ASCII.GetBytes(_integer.ToString(CultureInfo.InvariantCulture)),
        RedisValueType.Array => throw new InvalidCastException("A Redis array reply is not a string."),
        _ => _bytes,
    };

    /// <inheritdoc />
    public override string ToString() => Type switch
    {
        RedisValueType.Null => "(nil)",
        RedisValueType.Integer => $"(integer) {_integer}",
        RedisValueType.Array => $"(array of {Count})",
        _ => _bytes!.Length <= 64 ? $"\"{Encoding.UTF8.GetString(_bytes)}\"" : $"({_bytes.Length} bytes)",
    };
}
