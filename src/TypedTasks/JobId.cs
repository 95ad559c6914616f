using System.Buffers.Binary;

namespace TypedTasks;

/// <summary>
/// The id of one job. Ids are made by the client as UUIDv7 strings (time-ordered, 36 characters), so enqueueing needs
/// no round trip to allocate one and ids sort by creation time.
/// </summary>
public readonly record struct JobId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The id is empty or longer than 200 characters.</exception>
    public JobId(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 200)
            throw new ArgumentException("A job id must have 1 to 200 characters.", nameof(value));
        Value = value;
    }

    /// <summary>The id's text.</summary>
    public string Value { get; }

    /// <summary>Makes a new UUIDv7 id from the current time.</summary>
    public static JobId New() => New(DateTimeOffset.UtcNow);

    /// <summary>Makes a new UUIDv7 id whose time part is <paramref name="now"/>.</summary>
    public static JobId New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomBits.Fill(bytes[6..]);
        long ms = now.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], ms << 16 | BinaryPrimitives.ReadUInt16BigEndian(bytes[6..8]));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new JobId(FormatUuid(bytes));
    }

    private static string FormatUuid(ReadOnlySpan<byte> b)
    {
        Span<char> chars = stackalloc char[36];
        int c = 0;
        for (int i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10) chars[c++] = '-';
            chars[c++] = HexDigit(b[i] >> 4);
            chars[c++] = HexDigit(b[i] & 0xF);
        }
        return new string(chars);
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
