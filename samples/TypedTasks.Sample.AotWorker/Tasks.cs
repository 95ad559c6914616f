using Microsoft.Extensions.Logging;
using TypedTasks;

namespace TypedTasks.Sample.AotWorker;

/// <summary>Counts processed jobs; the worker exits when the count it waits for is reached.</summary>
public sealed class Progress
{
    private int _processed;
    private int _formatterRoundTrips;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Target { get; set; } = int.MaxValue;

    public int Processed => Volatile.Read(ref _processed);

    public Task Done => _done.Task;

    /// <summary>What went wrong in a job, if anything did; the worker exits with an error.</summary>
    public string? Failure { get; private set; }

    /// <summary>How many jobs read a member written by a user formatter back intact.</summary>
    public int FormatterRoundTrips => Volatile.Read(ref _formatterRoundTrips);

    public void CountFormatterRoundTrip() => Interlocked.Increment(ref _formatterRoundTrips);

    public void Fail(string failure)
    {
        Failure ??= failure;
        _done.TrySetResult();
    }

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the first processed job.</summary>
    public long FirstJobAt { get; private set; }

    public void Count()
    {
        int processed = Interlocked.Increment(ref _processed);
        if (processed == 1)
            FirstJobAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (processed >= Target)
            _done.TrySetResult();
    }
}

/// <summary>A job with injected services.</summary>
[Backtask(Name = "aot.resize-image", Queue = "images")]
public partial record ResizeImage(Guid ImageId, int Width, int Height, string Format = "webp") : IBacktask
{
    public Task RunAsync(Progress progress, ILogger<ResizeImage> log, CancellationToken cancellationToken)
    {
        log.LogDebug("Resized {ImageId} to {Width}x{Height} {Format}", ImageId, Width, Height, Format);
        progress.Count();
        return Task.CompletedTask;
    }
}

/// <summary>A job with a result.</summary>
[Backtask(Name = "aot.invoice-total", KeepResultForSeconds = 600)]
public partial record InvoiceTotal(string InvoiceId, List<InvoiceLine> Lines) : IBacktask
{
    public ValueTask<decimal> RunAsync(Progress progress)
    {
        decimal total = 0;
        foreach (var line in Lines)
            total += line.Quantity * line.UnitPrice;
        progress.Count();
        return new(total);
    }
}

public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>A job that re-enqueues itself after a delay until it reaches zero.</summary>
[Backtask(Name = "aot.countdown")]
public partial record Countdown(int Remaining) : IBacktask
{
    public async Task RunAsync(Progress progress, CancellationToken cancellationToken)
    {
        progress.Count();
        if (Remaining > 0)
            await new Countdown(Remaining - 1).PerformIn(TimeSpan.FromMilliseconds(50), cancellationToken: cancellationToken);
    }
}
