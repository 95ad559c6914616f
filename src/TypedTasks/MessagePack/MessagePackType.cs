namespace TypedTasks.MessagePack;

/// <summary>The family of a MessagePack value, as told by its first byte.</summary>
public enum MessagePackType
{
    /// <summary>The reserved byte 0xc1, which no valid value starts with.</summary>
    Unknown,
    /// <summary>Any integer format.</summary>
    Integer,
    /// <summary>nil.</summary>
    Nil,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>float32 or float64.</summary>
    Float,
    /// <summary>A UTF-8 string.</summary>
    String,
    /// <summary>A byte array.</summary>
    Binary,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A map.</summary>
    Map,
    /// <summary>An extension (including timestamps).</summary>
    Extension,
}
