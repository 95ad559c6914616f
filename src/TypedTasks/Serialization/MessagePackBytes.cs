using MessagePack;

namespace TypedTasks.Serialization;

/// <summary>Writes one value with a <see cref="MessagePackWriter"/>.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public delegate void MessagePackWriteAction<in T>(ref MessagePackWriter writer, T value);

/// <summary>Encodes a value to a new array through this thread's reusable scratch buffer (one allocation: the result).</summary>
public static class MessagePackBytes
{
    /// <summary>The bytes <paramref name="write"/> writes for <paramref name="value"/>.</summary>
    public static byte[] Write<T>(T value, MessagePackWriteAction<T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = ScratchBuffers.Rent();
        try
        {
            var writer = new MessagePackWriter(buffer);
            write(ref writer, value);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            ScratchBuffers.Return(buffer);
        }
    }
}
