using System.Buffers;
using System.Text;
using MessagePack;

namespace TypedTasks.Serialization;

/// <summary>
/// What generated readers add to <see cref="MessagePackReader"/> so hostile payloads fail cleanly: strings must be
/// valid UTF-8 (the reader itself would put U+FFFD in their place), containers may nest at most <see cref="MaxDepth"/>
/// deep (the reader counts depth but does not bound it), and a 32-bit count beyond <see cref="int.MaxValue"/> is
/// refused rather than read as a negative number.
/// </summary>
public static class MessagePackReaderChecks
{
    /// <summary>The deepest nesting of arrays and maps a payload may have.</summary>
    public const int MaxDepth = 64;

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a string (not nil) whose bytes must be valid UTF-8.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not a string, or not valid UTF-8.</exception>
    public static string ReadStrictString(this ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
            return Decode(span);
        var sequence = reader.ReadStringSequence() ?? throw new MessagePackSerializationException("Expected a string but found nil.");
        return Decode(sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray());
    }

    /// <summary>Reads bin (not nil) as a new array.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not binary.</exception>
    public static byte[] ReadByteArray(this ref MessagePackReader reader) =>
        (reader.ReadBytes() ?? throw new MessagePackSerializationException("Expected binary but found nil.")).ToArray();

    /// <summary>
    /// Reads an array header and enters it: raises <see cref="MessagePackReader.Depth"/>, which the caller lowers once
    /// the elements are read.
    /// </summary>
    /// <exception cref="MessagePackSerializationException">The array is nested too deep or claims too many elements.</exception>
    public static int ReadNestedArrayHeader(this ref MessagePackReader reader)
    {
        int count = reader.ReadArrayHeader();
        Enter(ref reader, count, "array");
        return count;
    }

    /// <summary>
    /// Reads a map header and enters it: raises <see cref="MessagePackReader.Depth"/>, which the caller lowers once the
    /// entries are read.
    /// </summary>
    /// <exception cref="MessagePackSerializationException">The map is nested too deep or claims too many entries.</exception>
    public static int ReadNestedMapHeader(this ref MessagePackReader reader)
    {
        int count = reader.ReadMapHeader();
        Enter(ref reader, count, "map");
        return count;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is what <see cref="MessagePackReader"/> and these checks throw for bytes
    /// that are not the value asked for: wrong type, truncated input, a number out of range, a bad length or encoding.
    /// </summary>
    public static bool IsMalformedInput(Exception exception) =>
        exception is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentException or FormatException;

    private static void Enter(ref MessagePackReader reader, int count, string what)
    {
        if (count < 0)
            throw new MessagePackSerializationException($"The {what} header claims {(uint)count} elements, more than any input holds.");
        if (reader.Depth >= MaxDepth)
            throw new MessagePackSerializationException($"The {what} is nested deeper than {MaxDepth} levels.");
        reader.Depth++;
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new MessagePackSerializationException("The string is not valid UTF-8.", e);
        }
    }
}
