namespace TypedTasks.MessagePack;

/// <summary>The header of a MessagePack extension value: its type code and the length of its data.</summary>
/// <param name="TypeCode">The application-defined type code (negative codes are reserved by the specification).</param>
/// <param name="Length">The number of data bytes that follow the header.</param>
public readonly record struct ExtensionHeader(sbyte TypeCode, uint Length);
