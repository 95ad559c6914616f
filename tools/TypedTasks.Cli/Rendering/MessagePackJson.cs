using System.Buffers;
using System.Text.Json.Nodes;
using MessagePack;

namespace TypedTasks.Cli.Rendering;

/// <summary>
/// Renders any MessagePack value as JSON, for payloads whose task the tool does not know: maps become objects (keys
/// that are not strings are written as text), binary becomes base64, the timestamp extension (-1) an ISO 8601 UTC
/// string, other extensions <c>{"$ext": type, "data": base64}</c>, and NaN or infinities their names.
/// </summary>
internal static class MessagePackJson
{
    private const int MaxDepth = 64;

    /// <summary>Renders <paramref name="bytes"/>, which must hold exactly one value.</summary>
    /// <exception cref="MessagePackSerializationException">The bytes are not one well-formed MessagePack value.</exception>
    public static JsonNode? Render(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        var node = Read(ref reader, 0);
        if (!reader.End)
            throw new MessagePackSerializationException($"{bytes.Length - reader.Consumed} bytes follow the value.");
        return node;
    }

    private static JsonNode? Read(ref MessagePackReader reader, int depth)
    {
        if (depth > MaxDepth)
            throw new MessagePackSerializationException($"The value nests deeper than {MaxDepth} levels.");
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? JsonValue.Create(reader.ReadUInt64()) : JsonValue.Create(reader.ReadInt64());
            case MessagePackType.Float:
                return Number(reader.NextCode == MessagePackCode.Float32 ? reader.ReadSingle() : reader.ReadDouble());
            case MessagePackType.String:
                return JsonValue.Create(reader.ReadString());
            case MessagePackType.Binary:
                return JsonValue.Create(Convert.ToBase64String(reader.ReadBytes()!.Value.ToArray()));
            case MessagePackType.Array:
                return ReadArray(ref reader, depth);
            case MessagePackType.Map:
                return ReadMap(ref reader, depth);
            case MessagePackType.Extension:
                return ReadExtension(ref reader);
            default:
                throw new MessagePackSerializationException($"Unknown MessagePack code 0x{reader.NextCode:x2} at offset {reader.Consumed}.");
        }
    }

    private static JsonArray ReadArray(ref MessagePackReader reader, int depth)
    {
        int count = reader.ReadArrayHeader();
        var array = new JsonArray();
        for (int i = 0; i < count; i++)
            array.Add(Read(ref reader, depth + 1));
        return array;
    }

    private static JsonObject ReadMap(ref MessagePackReader reader, int depth)
    {
        int count = reader.ReadMapHeader();
        var map = new JsonObject();
        for (int i = 0; i < count; i++)
        {
            string key = reader.NextMessagePackType == MessagePackType.String
                ? reader.ReadString() ?? "null"
                : Read(ref reader, depth + 1)?.ToJsonString() ?? "null";
            map[key] = Read(ref reader, depth + 1);
        }
        return map;
    }

    private static JsonNode ReadExtension(ref MessagePackReader reader)
    {
        var peek = reader.CreatePeekReader();
        if (peek.ReadExtensionFormatHeader().TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
            return JsonValue.Create(reader.ReadDateTime().ToUniversalTime().ToString("O"));
        var extension = reader.ReadExtensionFormat();
        return new JsonObject
        {
            ["$ext"] = extension.TypeCode,
            ["data"] = Convert.ToBase64String(extension.Data.ToArray()),
        };
    }

    private static JsonValue Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
