using MessagePack;
using MessagePack.Formatters;
using TypedTasks;

namespace TypedTasks.Sample.AotWorker;

/// <summary>An amount of money, written by its own MessagePack formatter as <c>[cents, currency]</c>.</summary>
[MessagePackFormatter(typeof(MoneyFormatter))]
public readonly record struct Money(long Cents, string Currency);

/// <summary>
/// A user formatter: the generated serializer calls it directly (no resolver, no MessagePackSerializerOptions), so it
/// works in the NativeAOT worker.
/// </summary>
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
        return new Money(reader.ReadInt64(), reader.ReadString() ?? throw new MessagePackSerializationException("Money has no currency."));
    }
}

/// <summary>
/// A job with a member typed by a user formatter. It carries the same amount as plain members too, so the worker can
/// check that the formatter's value survived the trip from the JIT client to the native worker.
/// </summary>
[Backtask(Name = "aot.charge")]
public partial record Charge(Money Amount, long ExpectedCents, string ExpectedCurrency) : IBacktask
{
    public static Charge For(int i) => new(new Money(i * 100 + 7, "EUR"), i * 100 + 7, "EUR");

    public Task RunAsync(Progress progress)
    {
        if (Amount != new Money(ExpectedCents, ExpectedCurrency))
            progress.Fail($"aot.charge read {Amount}, expected {ExpectedCents} {ExpectedCurrency}");
        else
            progress.CountFormatterRoundTrip();
        progress.Count();
        return Task.CompletedTask;
    }
}
