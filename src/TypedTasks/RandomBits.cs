using System.Security.Cryptography;

namespace TypedTasks;

/// <summary>
/// Random bytes for job ids from the operating system's secure generator, drawn a block at a time per thread. On Linux
/// every <see cref="Guid.NewGuid"/> and every small <see cref="RandomNumberGenerator.Fill"/> is a system call (one
/// <c>read</c> per enqueued job in an strace of the enqueue benchmark); a 1 KiB block serves about a hundred ids.
/// </summary>
internal static class RandomBits
{
    private const int BlockSize = 1024;

    [ThreadStatic] private static byte[]? t_block;
    [ThreadStatic] private static int t_remaining;

    /// <summary>Fills <paramref name="destination"/> (at most <see cref="BlockSize"/> bytes) with random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        var block = t_block ??= new byte[BlockSize];
        if (t_remaining < destination.Length)
        {
            RandomNumberGenerator.Fill(block);
            t_remaining = block.Length;
        }
        block.AsSpan(block.Length - t_remaining, destination.Length).CopyTo(destination);
        t_remaining -= destination.Length;
    }
}
