using System.Text.Json.Nodes;
using TypedTasks.Serialization;

namespace TypedTasks.Cli.Rendering;

/// <summary>
/// A MessagePack value as a JSON node, for payloads and results the tool renders without their CLR type: the same
/// rendering as the dashboard's (<see cref="MessagePackJson"/>), parsed so it nests in the tool's JSON output.
/// </summary>
internal static class MessagePackNodes
{
    /// <summary>Renders <paramref name="bytes"/>, which must hold exactly one value.</summary>
    /// <exception cref="MessagePack.MessagePackSerializationException">The bytes are not one well-formed MessagePack value.</exception>
    public static JsonNode? Render(ReadOnlyMemory<byte> bytes)
    {
        string json = MessagePackJson.ToJson(bytes, indented: false);
        if (json.Length == 0)
            throw new MessagePack.MessagePackSerializationException("No value: the bytes are empty.");
        if (json.Contains('\n'))
            throw new MessagePack.MessagePackSerializationException("More than one value: bytes follow the first.");
        return JsonNode.Parse(json);
    }
}
