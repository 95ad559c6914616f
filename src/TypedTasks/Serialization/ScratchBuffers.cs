using System.Buffers;

namespace TypedTasks.Serialization;

/// <summary>
/// Reusable write buffers for encoding a payload or an envelope whose bytes are then copied out, kept per thread (two
/// of them: an envelope is encoded while its payload's buffer is still in use). Every enqueue used to allocate two
/// growing buffers and throw them away. A buffer grown past 64 KiB is not kept.
/// </summary>
internal static class ScratchBuffers
{
    private const int InitialSize = 512;
    private const int MaxKeptSize = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_first;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_second;

    /// <summary>An empty buffer, this thread's if one is free; give it back with <see cref="Return"/>.</summary>
    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = t_first;
        if (buffer is not null)
            t_first = null;
        else if ((buffer = t_second) is not null)
            t_second = null;
        else
            return new ArrayBufferWriter<byte>(InitialSize);
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>Keeps <paramref name="buffer"/> for this thread's next <see cref="Rent"/>; its bytes must no longer be used.</summary>
    public static void Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > MaxKeptSize)
            return;
        if (t_first is null)
            t_first = buffer;
        else
            t_second ??= buffer;
    }
}
