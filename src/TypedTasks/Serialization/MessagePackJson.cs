using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;

namespace TypedTasks.Serialization;

/// <summary>
/// Renders any MessagePack value as JSON, for people (the dashboard, the command-line tool) to read a payload or a
/// result without its CLR type and without reflection. A task's payload is a map keyed by member names, so it reads
/// as the task's JSON. The rendering is faithful: every value shows, only in JSON's terms.
/// </summary>
/// <remarks>
/// Strings, integers (all 64 bits, unsigned too), booleans, nil, arrays and maps with string keys are themselves;
/// floats are JSON numbers (NaN and infinities as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>);
/// binary is <c>{"$bin": base64}</c>; a timestamp (extension −1, how <see cref="DateTime"/> travels) is its ISO 8601
/// UTC string; another extension is <c>{"$ext": type, "data": base64}</c>; a map key that is not a string is written as
/// its own JSON text (the key <c>1</c> as <c>"1"</c>, <c>true</c> as <c>"true"</c>). Invalid bytes end the rendering
/// with a <see cref="MessagePackSerializationException"/>.
/// </remarks>
public static class MessagePackJson
{
    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON of the MessagePack values in <paramref name="bytes"/> (one value, or several one per line).</summary>
    /// <exception cref="MessagePackSerializationException">The bytes are not valid MessagePack.</exception>
    public static string ToJson(ReadOnlyMemory<byte> bytes, bool indented = true)
    {
        var reader = new MessagePackReader(bytes);
        var text = new StringBuilder();
        try
        {
            while (!reader.End)
            {
                if (text.Length > 0)
                    text.Append('\n');
                text.Append(RenderOne(ref reader, indented));
            }
        }
        catch (Exception e) when (e is not MessagePackSerializationException && MessagePackReaderChecks.IsMalformedInput(e))
        {
            throw new MessagePackSerializationException($"Not valid MessagePack at byte {reader.Consumed}: {e.Message}", e);
        }
        return text.ToString();
    }

    private static string RenderOne(ref MessagePackReader reader, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, indented ? s_indented : s_compact))
            Write(ref reader, json, depth: 0);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(ref MessagePackReader reader, Utf8JsonWriter json, int depth)
    {
        if (depth > MessagePackReaderChecks.MaxDepth)
            throw new MessagePackSerializationException($"The value nests deeper than {MessagePackReaderChecks.MaxDepth} levels.");
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                WriteInteger(ref reader, json);
                break;
            case MessagePackType.Float:
                WriteFloat(json, reader.ReadDouble());
                break;
            case MessagePackType.String:
                json.WriteStringValue(reader.ReadStrictString());
                break;
            case MessagePackType.Binary:
                json.WriteStartObject();
                json.WriteBase64String("$bin", reader.ReadBytes()!.Value.ToArray());
                json.WriteEndObject();
                break;
            case MessagePackType.Array:
                int count = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (int i = 0; i < count; i++)
                    Write(ref reader, json, depth + 1);
                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                int entries = reader.ReadMapHeader();
                json.WriteStartObject();
                for (int i = 0; i < entries; i++)
                {
                    json.WritePropertyName(KeyOf(ref reader, depth));
                    Write(ref reader, json, depth + 1);
                }
                json.WriteEndObject();
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, json);
                break;
            default:
                throw new MessagePackSerializationException($"Unknown MessagePack type code 0x{reader.NextCode:x2}.");
        }
    }

    private static void WriteInteger(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        // uint64 above long.MaxValue is the one integer a signed read cannot hold.
        if (reader.NextCode == MessagePackCode.UInt64)
            json.WriteNumberValue(reader.ReadUInt64());
        else
            json.WriteNumberValue(reader.ReadInt64());
    }

    private static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumberValue(value);
        else
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteExtension(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        var peek = reader.CreatePeekReader();
        var header = peek.ReadExtensionFormatHeader();
        if (header.TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
        {
            json.WriteStringValue(reader.ReadDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        var extension = reader.ReadExtensionFormat();
        json.WriteStartObject();
        json.WriteNumber("$ext", extension.Header.TypeCode);
        json.WriteBase64String("data", extension.Data.ToArray());
        json.WriteEndObject();
    }

    /// <summary>A map key as a JSON property name: a string as itself, anything else as its compact JSON text.</summary>
    private static string KeyOf(ref MessagePackReader reader, int depth)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
            return reader.ReadStrictString();
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, s_compact))
            Write(ref reader, json, depth + 1);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
