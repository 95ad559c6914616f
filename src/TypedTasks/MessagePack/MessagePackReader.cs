using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace TypedTasks.MessagePack;

/// <summary>
/// Reads MessagePack from memory. Every header is checked against the bytes that remain and nesting is bounded by
/// <see cref="MaxDepth"/>, so malformed or hostile input ends in a <see cref="MessagePackFormatException"/> that says
/// where — never an <see cref="IndexOutOfRangeException"/>, a huge allocation or a hang.
/// </summary>
public ref partial struct MessagePackReader
{
    /// <summary>The nesting depth allowed by default.</summary>
    public const int DefaultMaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    /// <summary>Creates a reader over <paramref name="memory"/>.</summary>
    public MessagePackReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
        Depth = 0;
        MaxDepth = DefaultMaxDepth;
    }

    /// <summary>Creates a reader over <paramref name="sequence"/> (copied once if it has several segments).</summary>
    public MessagePackReader(ReadOnlySequence<byte> sequence)
        : this(sequence.IsSingleSegment ? sequence.First : sequence.ToArray())
    {
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly long Position => _position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool End => _position >= _span.Length;

    /// <summary>The number of bytes not yet read.</summary>
    public readonly long Remaining => _span.Length - _position;

    /// <summary>
    /// The current nesting depth. The reader raises it while skipping; code that reads nested values itself raises it
    /// around each nested container so hostile input cannot nest without bound.
    /// </summary>
    public int Depth { get; set; }

    /// <summary>The deepest nesting allowed; reading a container header deeper than this throws.</summary>
    public int MaxDepth { get; set; }

    /// <summary>The family of the next value.</summary>
    /// <exception cref="MessagePackFormatException">There is no next value.</exception>
    public readonly MessagePackType NextMessagePackType => MessagePackCode.ToMessagePackType(NextCode);

    /// <summary>The first byte of the next value.</summary>
    /// <exception cref="MessagePackFormatException">There is no next value.</exception>
    public readonly byte NextCode
    {
        get
        {
            if (_position >= _span.Length)
                throw EndOfInput();
            return _span[_position];
        }
    }

    /// <summary>Reads nil if it is next.</summary>
    /// <returns>Whether nil was read.</returns>
    public bool TryReadNil()
    {
        if (NextCode != MessagePackCode.Nil)
            return false;
        _position++;
        return true;
    }

    /// <summary>Reads nil.</summary>
    public void ReadNil()
    {
        if (!TryReadNil())
            throw Unexpected("nil");
    }

    /// <summary>Reads true or false.</summary>
    public bool ReadBoolean()
    {
        switch (NextCode)
        {
            case MessagePackCode.True:
                _position++;
                return true;
            case MessagePackCode.False:
                _position++;
                return false;
            default:
                throw Unexpected("a boolean");
        }
    }

    /// <summary>Reads an integer of any format that fits in <see cref="long"/>.</summary>
    public long ReadInt64()
    {
        byte code = NextCode;
        long start = _position;
        if (code <= MessagePackCode.MaxFixInt)
        {
            _position++;
            return code;
        }
        if (code >= MessagePackCode.MinNegativeFixInt)
        {
            _position++;
            return unchecked((sbyte)code);
        }
        switch (code)
        {
            case MessagePackCode.UInt8: return Take(2)[1];
            case MessagePackCode.UInt16: return BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]);
            case MessagePackCode.UInt32: return BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..]);
            case MessagePackCode.UInt64:
                ulong big = BinaryPrimitives.ReadUInt64BigEndian(Take(9)[1..]);
                if (big > long.MaxValue)
                    throw new MessagePackFormatException($"The integer {big} does not fit in Int64.", start);
                return (long)big;
            case MessagePackCode.Int8: return unchecked((sbyte)Take(2)[1]);
            case MessagePackCode.Int16: return BinaryPrimitives.ReadInt16BigEndian(Take(3)[1..]);
            case MessagePackCode.Int32: return BinaryPrimitives.ReadInt32BigEndian(Take(5)[1..]);
            case MessagePackCode.Int64: return BinaryPrimitives.ReadInt64BigEndian(Take(9)[1..]);
            default: throw Unexpected("an integer");
        }
    }

    /// <summary>Reads a non-negative integer of any format.</summary>
    public ulong ReadUInt64()
    {
        if (NextCode == MessagePackCode.UInt64)
            return BinaryPrimitives.ReadUInt64BigEndian(Take(9)[1..]);
        long start = _position;
        long value = ReadInt64();
        if (value < 0)
            throw new MessagePackFormatException($"The integer {value} does not fit in UInt64.", start);
        return (ulong)value;
    }

    /// <summary>Reads an integer that fits in <see cref="int"/>.</summary>
    public int ReadInt32() => (int)ReadInRange(int.MinValue, int.MaxValue, "Int32");

    /// <summary>Reads an integer that fits in <see cref="short"/>.</summary>
    public short ReadInt16() => (short)ReadInRange(short.MinValue, short.MaxValue, "Int16");

    /// <summary>Reads an integer that fits in <see cref="sbyte"/>.</summary>
    public sbyte ReadSByte() => (sbyte)ReadInRange(sbyte.MinValue, sbyte.MaxValue, "SByte");

    /// <summary>Reads an integer that fits in <see cref="uint"/>.</summary>
    public uint ReadUInt32() => (uint)ReadInRange(0, uint.MaxValue, "UInt32");

    /// <summary>Reads an integer that fits in <see cref="ushort"/>.</summary>
    public ushort ReadUInt16() => (ushort)ReadInRange(0, ushort.MaxValue, "UInt16");

    /// <summary>Reads an integer that fits in <see cref="byte"/>.</summary>
    public byte ReadByte() => (byte)ReadInRange(0, byte.MaxValue, "Byte");

    /// <summary>Reads a character written as its UTF-16 code unit.</summary>
    public char ReadChar() => (char)ReadInRange(0, char.MaxValue, "Char");

    /// <summary>Reads a float32, a float64 (narrowed) or an integer.</summary>
    public float ReadSingle()
    {
        switch (NextCode)
        {
            case MessagePackCode.Float32: return BinaryPrimitives.ReadSingleBigEndian(Take(5)[1..]);
            case MessagePackCode.Float64: return (float)BinaryPrimitives.ReadDoubleBigEndian(Take(9)[1..]);
            case MessagePackCode.UInt64: return ReadUInt64();
            default:
                if (NextMessagePackType != MessagePackType.Integer)
                    throw Unexpected("a number");
                return ReadInt64();
        }
    }

    /// <summary>Reads a float64, a float32 or an integer.</summary>
    public double ReadDouble()
    {
        switch (NextCode)
        {
            case MessagePackCode.Float32: return BinaryPrimitives.ReadSingleBigEndian(Take(5)[1..]);
            case MessagePackCode.Float64: return BinaryPrimitives.ReadDoubleBigEndian(Take(9)[1..]);
            case MessagePackCode.UInt64: return ReadUInt64();
            default:
                if (NextMessagePackType != MessagePackType.Integer)
                    throw Unexpected("a number");
                return ReadInt64();
        }
    }

    /// <summary>Reads a string, or <see langword="null"/> for nil.</summary>
    /// <exception cref="MessagePackFormatException">The next value is neither, or is not valid UTF-8.</exception>
    public string? ReadString()
    {
        if (TryReadNil())
            return null;
        long start = _position;
        var bytes = ReadStringSpan();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new MessagePackFormatException("The string is not valid UTF-8.", start, e);
        }
    }

    /// <summary>Reads a string's UTF-8 bytes without decoding them.</summary>
    public ReadOnlySpan<byte> ReadStringSpan()
    {
        int length = ReadStringHeader();
        return Take(length);
    }

    /// <summary>Reads a string's UTF-8 bytes if a string is next.</summary>
    /// <returns>Whether a string was read.</returns>
    public bool TryReadStringSpan(out ReadOnlySpan<byte> utf8)
    {
        if (NextMessagePackType != MessagePackType.String)
        {
            utf8 = default;
            return false;
        }
        utf8 = ReadStringSpan();
        return true;
    }

    /// <summary>Reads a string header and returns the number of UTF-8 bytes that follow.</summary>
    public int ReadStringHeader()
    {
        byte code = NextCode;
        int length;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            _position++;
            length = code & 0x1f;
        }
        else
        {
            length = code switch
            {
                MessagePackCode.Str8 => Take(2)[1],
                MessagePackCode.Str16 => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
                MessagePackCode.Str32 => ReadLength32(),
                _ => throw Unexpected("a string"),
            };
        }
        EnsureRemaining(length, "string");
        return length;
    }

    /// <summary>Reads bin as a new array, or <see langword="null"/> for nil.</summary>
    public byte[]? ReadBytes()
    {
        if (TryReadNil())
            return null;
        return ReadBinarySpan().ToArray();
    }

    /// <summary>Reads bin as a slice of the input (no copy).</summary>
    public ReadOnlySequence<byte> ReadBytesSequence()
    {
        int length = ReadBinaryHeader();
        int start = _position;
        _position += length;
        return new ReadOnlySequence<byte>(_memory.Slice(start, length));
    }

    /// <summary>Reads bin as a span over the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadBinarySpan() => Take(ReadBinaryHeader());

    /// <summary>Reads a bin header and returns the number of bytes that follow.</summary>
    public int ReadBinaryHeader()
    {
        int length = NextCode switch
        {
            MessagePackCode.Bin8 => Take(2)[1],
            MessagePackCode.Bin16 => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
            MessagePackCode.Bin32 => ReadLength32(),
            _ => throw Unexpected("binary"),
        };
        EnsureRemaining(length, "binary");
        return length;
    }

    /// <summary>Reads an array header and returns the number of elements that follow.</summary>
    public int ReadArrayHeader()
    {
        byte code = NextCode;
        long start = _position;
        int count;
        if (code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray)
        {
            _position++;
            count = code & 0x0f;
        }
        else
        {
            count = code switch
            {
                MessagePackCode.Array16 => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
                MessagePackCode.Array32 => ReadLength32(),
                _ => throw Unexpected("an array"),
            };
        }
        CheckContainer(count, 1, start, "array");
        return count;
    }

    /// <summary>Reads a map header and returns the number of key/value pairs that follow.</summary>
    public int ReadMapHeader()
    {
        byte code = NextCode;
        long start = _position;
        int count;
        if (code is >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap)
        {
            _position++;
            count = code & 0x0f;
        }
        else
        {
            count = code switch
            {
                MessagePackCode.Map16 => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
                MessagePackCode.Map32 => ReadLength32(),
                _ => throw Unexpected("a map"),
            };
        }
        CheckContainer(count, 2, start, "map");
        return count;
    }

    /// <summary>Reads an extension header; its data follows (read it with <see cref="ReadRaw(long)"/>).</summary>
    public ExtensionHeader ReadExtensionHeader()
    {
        byte code = NextCode;
        ExtensionHeader header;
        switch (code)
        {
            case MessagePackCode.FixExt1: header = new(unchecked((sbyte)Take(2)[1]), 1); break;
            case MessagePackCode.FixExt2: header = new(unchecked((sbyte)Take(2)[1]), 2); break;
            case MessagePackCode.FixExt4: header = new(unchecked((sbyte)Take(2)[1]), 4); break;
            case MessagePackCode.FixExt8: header = new(unchecked((sbyte)Take(2)[1]), 8); break;
            case MessagePackCode.FixExt16: header = new(unchecked((sbyte)Take(2)[1]), 16); break;
            case MessagePackCode.Ext8:
                var ext8 = Take(3);
                header = new(unchecked((sbyte)ext8[2]), ext8[1]);
                break;
            case MessagePackCode.Ext16:
                var ext16 = Take(4);
                header = new(unchecked((sbyte)ext16[3]), BinaryPrimitives.ReadUInt16BigEndian(ext16[1..]));
                break;
            case MessagePackCode.Ext32:
                var ext32 = Take(6);
                header = new(unchecked((sbyte)ext32[5]), BinaryPrimitives.ReadUInt32BigEndian(ext32[1..]));
                break;
            default:
                throw Unexpected("an extension");
        }
        EnsureRemaining(header.Length, "extension");
        return header;
    }

    /// <summary>Reads the next <paramref name="length"/> bytes as they are (no copy).</summary>
    public ReadOnlySequence<byte> ReadRaw(long length)
    {
        if (length < 0)
            throw new ArgumentOutOfRangeException(nameof(length));
        EnsureRemaining(length, "raw");
        int start = _position;
        _position += (int)length;
        return new ReadOnlySequence<byte>(_memory.Slice(start, (int)length));
    }

    /// <summary>Reads the bytes of the next whole value, nested values included (no copy).</summary>
    public ReadOnlySequence<byte> ReadRaw()
    {
        int start = _position;
        Skip();
        return new ReadOnlySequence<byte>(_memory.Slice(start, _position - start));
    }

    /// <summary>Reads the bytes of the next whole value as a slice of the input memory (no copy).</summary>
    public ReadOnlyMemory<byte> ReadRawMemory()
    {
        int start = _position;
        Skip();
        return _memory.Slice(start, _position - start);
    }

    /// <summary>Skips the next value, nested values included.</summary>
    public void Skip()
    {
        byte code = NextCode;
        switch (MessagePackCode.ToMessagePackType(code))
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                _position++;
                return;
            case MessagePackType.Integer:
                ReadInt64OrUInt64();
                return;
            case MessagePackType.Float:
                Take(code == MessagePackCode.Float32 ? 5 : 9);
                return;
            case MessagePackType.String:
                Take(ReadStringHeader());
                return;
            case MessagePackType.Binary:
                Take(ReadBinaryHeader());
                return;
            case MessagePackType.Extension:
                Take((int)ReadExtensionHeader().Length);
                return;
            case MessagePackType.Array:
                int elements = ReadArrayHeader();
                Depth++;
                for (int i = 0; i < elements; i++)
                    Skip();
                Depth--;
                return;
            case MessagePackType.Map:
                int entries = ReadMapHeader();
                Depth++;
                for (int i = 0; i < entries; i++)
                {
                    Skip();
                    Skip();
                }
                Depth--;
                return;
            default:
                throw new MessagePackFormatException("The byte 0xc1 is never used in MessagePack.", _position);
        }
    }

    private void ReadInt64OrUInt64()
    {
        if (NextCode == MessagePackCode.UInt64)
            Take(9);
        else
            ReadInt64();
    }

    private long ReadInRange(long min, long max, string typeName)
    {
        long start = _position;
        if (NextCode == MessagePackCode.UInt64)
        {
            ulong big = BinaryPrimitives.ReadUInt64BigEndian(Take(9)[1..]);
            if (big > (ulong)max)
                throw new MessagePackFormatException($"The integer {big} does not fit in {typeName}.", start);
            return (long)big;
        }
        long value = ReadInt64();
        if (value < min || value > max)
            throw new MessagePackFormatException($"The integer {value} does not fit in {typeName}.", start);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_span.Length - _position))
            throw EndOfInput();
        var slice = _span.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly void EnsureRemaining(long count, string what)
    {
        if (count > _span.Length - _position)
            throw new MessagePackFormatException(
                $"The {what} header says {count} bytes follow but only {_span.Length - _position} remain.", _position);
    }

    private readonly void CheckContainer(int count, int bytesPerElement, long start, string what)
    {
        if ((long)count * bytesPerElement > _span.Length - _position)
            throw new MessagePackFormatException(
                $"The {what} header says {count} elements follow but only {_span.Length - _position} bytes remain.", start);
        if (Depth >= MaxDepth)
            throw new MessagePackFormatException($"The {what} is nested deeper than {MaxDepth} levels.", start);
    }

    private int ReadLength32()
    {
        long start = _position;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..]);
        if (length > int.MaxValue)
            throw new MessagePackFormatException($"The length {length} is larger than any input this reader accepts.", start);
        return (int)length;
    }

    private readonly MessagePackFormatException Unexpected(string expected)
    {
        byte code = _span[_position];
        return new MessagePackFormatException(
            $"Expected {expected} but found {Describe(code)} (0x{code:x2}).", _position);
    }

    private readonly MessagePackFormatException EndOfInput() =>
        new("The input ended in the middle of a value.", _position);

    private static string Describe(byte code) => MessagePackCode.ToMessagePackType(code) switch
    {
        MessagePackType.Integer => "an integer",
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Float => "a float",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "binary",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Extension => "an extension",
        _ => "the unused byte",
    };
}
