namespace TypedTasks.Benchmarks.Codec;

/// <summary>A typical six-member task payload.</summary>
public sealed partial record SendEmail(string To, string Subject, int Priority, long AccountId, DateTime NotBefore, bool Html) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}

/// <summary>A payload that uses the mapped types beyond the msgpack primitives, a nested record list and a map.</summary>
public sealed partial record PlaceOrder(
    Guid OrderId, decimal Total, DateTimeOffset PlacedAt, TimeSpan Window, List<OrderLine> Lines, Dictionary<string, int> Stock) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
