namespace TypedTasks.Generators.Tests;

/// <summary>User code with a MessagePack formatter, shared by the tests that compile it (it has no namespace of its own).</summary>
public static class UserFormatters
{
    /// <summary><c>Money</c>, written by <c>MoneyFormatter</c> (named by the attribute) as <c>[cents, currency]</c>.</summary>
    public const string Money = """
[MessagePackFormatter(typeof(MoneyFormatter))]
public readonly record struct Money(long Cents, string Currency);

public sealed class MoneyFormatter : IMessagePackFormatter<Money>
{
    public void Serialize(ref MessagePackWriter writer, Money value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Cents);
        writer.Write(value.Currency);
    }

    public Money Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.ReadArrayHeader() != 2)
            throw new MessagePackSerializationException("Money is [cents, currency].");
        return new Money(reader.ReadInt64(), reader.ReadString()!);
    }
}
""";
}
