namespace TypedTasks.MessagePack;

/// <summary>The bytes being read are not valid MessagePack, or not the value the caller asked for.</summary>
public sealed class MessagePackFormatException : Exception
{
    /// <summary>Creates an exception for a problem found at <paramref name="offset"/>.</summary>
    public MessagePackFormatException(string message, long offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Creates an exception for a problem found at <paramref name="offset"/>, caused by <paramref name="inner"/>.</summary>
    public MessagePackFormatException(string message, long offset, Exception inner)
        : base($"{message} (at byte {offset})", inner)
    {
        Offset = offset;
    }

    /// <summary>The offset, from the start of the input, of the value that could not be read.</summary>
    public long Offset { get; }
}
