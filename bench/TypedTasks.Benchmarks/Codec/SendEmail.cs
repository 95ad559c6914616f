using System.Text.Json.Serialization;
using TypedTasks.MessagePack;

namespace TypedTasks.Benchmarks.Codec;

/// <summary>A typical six-member task payload.</summary>
public sealed record SendEmail(string To, string Subject, int Priority, long AccountId, DateTime NotBefore, bool Html)
{
    /// <summary>Writes the record as the generator does: a map keyed by member name, every member always written.</summary>
    public static void Write(ref MessagePackWriter writer, SendEmail value)
    {
        writer.WriteMapHeader(6);
        writer.WriteString("To"u8);
        writer.Write(value.To);
        writer.WriteString("Subject"u8);
        writer.Write(value.Subject);
        writer.WriteString("Priority"u8);
        writer.Write(value.Priority);
        writer.WriteString("AccountId"u8);
        writer.Write(value.AccountId);
        writer.WriteString("NotBefore"u8);
        writer.Write(value.NotBefore);
        writer.WriteString("Html"u8);
        writer.Write(value.Html);
    }

    /// <summary>Reads the map back, skipping unknown keys as the generated readers do.</summary>
    public static SendEmail Read(ref MessagePackReader reader)
    {
        string? to = null, subject = null;
        int priority = 0;
        long accountId = 0;
        DateTime notBefore = default;
        bool html = false;
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            if (!reader.TryReadStringSpan(out var key))
            {
                reader.Skip();
                reader.Skip();
                continue;
            }
            if (key.SequenceEqual("To"u8)) to = reader.ReadString();
            else if (key.SequenceEqual("Subject"u8)) subject = reader.ReadString();
            else if (key.SequenceEqual("Priority"u8)) priority = reader.ReadInt32();
            else if (key.SequenceEqual("AccountId"u8)) accountId = reader.ReadInt64();
            else if (key.SequenceEqual("NotBefore"u8)) notBefore = reader.ReadDateTime();
            else if (key.SequenceEqual("Html"u8)) html = reader.ReadBoolean();
            else reader.Skip();
        }
        return new SendEmail(to!, subject!, priority, accountId, notBefore, html);
    }
}

/// <summary>System.Text.Json's source-generated serializer for the same record.</summary>
[JsonSerializable(typeof(SendEmail))]
public sealed partial class SendEmailJsonContext : JsonSerializerContext;
