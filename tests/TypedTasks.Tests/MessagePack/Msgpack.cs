using System.Buffers;
using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks.Tests.MessagePack;

internal delegate void WriteAction(ref MessagePackWriter writer);

internal delegate T ReadFunc<T>(ref MessagePackReader reader);

/// <summary>Small helpers that keep the codec tests to the point.</summary>
internal static class Msgpack
{
    public static byte[] Write(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static string Hex(WriteAction write) => Convert.ToHexStringLower(Write(write));

    /// <summary>Reads one value with <paramref name="read"/> and checks that every byte was consumed.</summary>
    public static T Read<T>(byte[] bytes, ReadFunc<T> read)
    {
        var reader = new MessagePackReader(bytes);
        T value = read(ref reader);
        if (!reader.End)
            throw new InvalidOperationException($"{Remaining(reader)} bytes were left after the value.");
        return value;
    }

    public static T RoundTrip<T>(WriteAction write, ReadFunc<T> read) => Read(Write(write), read);

    /// <summary>Reads with <paramref name="read"/> and returns the error it must raise: one that marks malformed input.</summary>
    public static Exception Fails<T>(byte[] bytes, ReadFunc<T> read)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            read(ref reader);
        }
        catch (Exception e) when (MessagePackReaderChecks.IsMalformedInput(e))
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException($"Reading {Convert.ToHexStringLower(bytes)} did not throw an error for malformed input.");
    }

    public static long Remaining(in MessagePackReader reader) => reader.Sequence.Length - reader.Consumed;

    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
