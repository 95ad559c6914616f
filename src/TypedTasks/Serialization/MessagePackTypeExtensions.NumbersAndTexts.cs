using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using MessagePack;

namespace TypedTasks.Serialization;

/// <summary>
/// Numbers and texts encoded as MessagePack-CSharp's built-in formatters encode them, so its readers and ours agree:
/// Half as float32, Int128 and UInt128 as 16 bytes of bin in little-endian order (MessagePack-CSharp 3's formatters),
/// BigInteger as the bin of its two's-complement little-endian bytes, Complex as <c>[real, imaginary]</c>, Version and
/// Uri as strings.
/// </summary>
public static partial class MessagePackTypeExtensions
{
    private const int Int128Size = 16;

    /// <summary>Writes a half-precision number as float32.</summary>
    public static void WriteHalf(this ref MessagePackWriter writer, Half value) => writer.Write((float)value);

    /// <summary>Reads a half-precision number written as a float.</summary>
    public static Half ReadHalf(this ref MessagePackReader reader) => (Half)reader.ReadSingle();

    /// <summary>Writes an Int128 as 16 bytes of bin, little-endian.</summary>
    public static void WriteInt128(this ref MessagePackWriter writer, Int128 value)
    {
        writer.WriteBinHeader(Int128Size);
        BinaryPrimitives.WriteInt128LittleEndian(writer.GetSpan(Int128Size), value);
        writer.Advance(Int128Size);
    }

    /// <summary>Reads an Int128 written as 16 bytes of bin.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not 16 bytes of bin.</exception>
    public static Int128 ReadInt128(this ref MessagePackReader reader)
    {
        Span<byte> bytes = stackalloc byte[Int128Size];
        ReadFixedBin(ref reader, bytes, "Int128");
        return BinaryPrimitives.ReadInt128LittleEndian(bytes);
    }

    /// <summary>Writes a UInt128 as 16 bytes of bin, little-endian.</summary>
    public static void WriteUInt128(this ref MessagePackWriter writer, UInt128 value)
    {
        writer.WriteBinHeader(Int128Size);
        BinaryPrimitives.WriteUInt128LittleEndian(writer.GetSpan(Int128Size), value);
        writer.Advance(Int128Size);
    }

    /// <summary>Reads a UInt128 written as 16 bytes of bin.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not 16 bytes of bin.</exception>
    public static UInt128 ReadUInt128(this ref MessagePackReader reader)
    {
        Span<byte> bytes = stackalloc byte[Int128Size];
        ReadFixedBin(ref reader, bytes, "UInt128");
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    /// <summary>Writes a BigInteger as the bin of its two's-complement bytes, little-endian (<see cref="BigInteger.ToByteArray()"/>).</summary>
    public static void WriteBigInteger(this ref MessagePackWriter writer, BigInteger value)
    {
        int length = value.GetByteCount();
        writer.WriteBinHeader(length);
        value.TryWriteBytes(writer.GetSpan(length), out _);
        writer.Advance(length);
    }

    /// <summary>Reads a BigInteger written as the bin of its two's-complement bytes.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not bin.</exception>
    public static BigInteger ReadBigInteger(this ref MessagePackReader reader)
    {
        var bytes = reader.ReadBytes() ?? throw new MessagePackSerializationException("Expected binary but found nil.");
        return bytes.IsSingleSegment ? new BigInteger(bytes.FirstSpan) : new BigInteger(bytes.ToArray());
    }

    /// <summary>Writes a complex number as <c>[real, imaginary]</c>.</summary>
    public static void WriteComplex(this ref MessagePackWriter writer, Complex value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Real);
        writer.Write(value.Imaginary);
    }

    /// <summary>Reads a complex number written as <c>[real, imaginary]</c>.</summary>
    /// <exception cref="MessagePackSerializationException">The value is not an array of two numbers.</exception>
    public static Complex ReadComplex(this ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 2)
            throw new MessagePackSerializationException("A Complex is an array of [real, imaginary].");
        double real = reader.ReadDouble();
        return new Complex(real, reader.ReadDouble());
    }

    /// <summary>Writes a version as its string (<c>1.2.3.4</c>).</summary>
    public static void WriteVersion(this ref MessagePackWriter writer, Version value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.Write(value.ToString());
    }

    /// <summary>Reads a version written as its string.</summary>
    /// <exception cref="FormatException">The string is not a version.</exception>
    /// <exception cref="MessagePackSerializationException">The value is not a string.</exception>
    public static Version ReadVersion(this ref MessagePackReader reader) => Version.Parse(reader.ReadStrictString());

    /// <summary>Writes a URI as the string it was created from.</summary>
    public static void WriteUri(this ref MessagePackWriter writer, Uri value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.Write(value.OriginalString);
    }

    /// <summary>Reads a URI written as its string; it may be absolute or relative.</summary>
    /// <exception cref="UriFormatException">The string is not a URI.</exception>
    /// <exception cref="MessagePackSerializationException">The value is not a string.</exception>
    public static Uri ReadUri(this ref MessagePackReader reader) => new(reader.ReadStrictString(), UriKind.RelativeOrAbsolute);

    private static void ReadFixedBin(ref MessagePackReader reader, scoped Span<byte> destination, string type)
    {
        var bytes = reader.ReadBytes() ?? throw new MessagePackSerializationException("Expected binary but found nil.");
        if (bytes.Length != destination.Length)
            throw new MessagePackSerializationException($"An {type} is {destination.Length} bytes of binary, not {bytes.Length}.");
        bytes.CopyTo(destination);
    }
}
