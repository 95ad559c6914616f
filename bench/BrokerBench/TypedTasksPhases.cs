using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedTasks.Brokers;

namespace TypedTasks.BrokerBench;

/// <summary>
/// The TypedTasks phases of a broker benchmark, the same on every broker: enqueue-serial (one caller awaiting each
/// enqueue), enqueue-bulk (EnqueueManyAsync in batches of <see cref="Batch"/>), drain (the queue prefilled, timed from
/// the worker's start, or the warm-up's end, to the last job's start) and scheduled (lateness of jobs due
/// <see cref="BenchArguments.DelayMs"/> after their enqueue, spread over 1 s).
/// </summary>
/// <remarks>The host's worker must serve queue "default" when the phase is drain or scheduled (see <see cref="NeedsWorker"/>).</remarks>
public sealed class TypedTasksPhases(IHost host, IBroker broker, Probe probe, BenchArguments arguments)
{
    /// <summary>Jobs per EnqueueManyAsync call in enqueue-bulk and the prefills.</summary>
    public const int Batch = 1000;

    /// <summary>Whether <paramref name="phase"/> runs jobs, so that the host needs a worker.</summary>
    public static bool NeedsWorker(string phase) => phase is "drain" or "scheduled";

    /// <summary>Runs <paramref name="phase"/> and returns its figures.</summary>
    public async Task<Dictionary<string, object>> RunAsync(string phase)
    {
        var client = host.Services.GetRequiredService<ITaskClient>();
        int count = arguments.Count, warmup = arguments.Warmup;
        switch (phase)
        {
            case "enqueue-serial":
            {
                for (int i = 0; i < warmup; i++)
                    await new Noop(0).PerformAsync(client);
                long started = Probe.Now;
                for (int i = 0; i < count; i++)
                    await new Noop(0).PerformAsync(client);
                return arguments.Figures(started);
            }
            case "enqueue-bulk":
            {
                await EnqueueBulkAsync(warmup);
                long started = Probe.Now;
                await EnqueueBulkAsync(count);
                return arguments.Figures(started, ("batch", Batch));
            }
            case "drain":
            {
                await EnqueueBulkAsync(warmup + count);
                long started = Probe.Now;
                await host.StartAsync();
                if (warmup > 0)
                {
                    await probe.Warm;
                    started = Probe.Now;
                }
                await probe.Done;
                var figures = arguments.Figures(started, ("concurrency", arguments.Concurrency));
                await host.StopAsync();
                return figures;
            }
            case "scheduled":
                return await ScheduledAsync(client);
            default:
                throw new ArgumentException($"Unknown phase '{phase}'.");
        }
    }

    private async Task<Dictionary<string, object>> ScheduledAsync(ITaskClient client)
    {
        int count = arguments.Count, delayMs = arguments.DelayMs;
        await host.StartAsync();
        for (int i = 0; i < arguments.Warmup; i++)
            await new Noop(0).PerformAsync(client);
        await probe.Warm.WaitAsync(TimeSpan.FromSeconds(60));
        long started = Probe.Now;
        for (int i = 0; i < count; i++)
        {
            var due = DateTimeOffset.UtcNow.AddMilliseconds(delayMs);
            await new Noop(due.UtcTicks).PerformAt(client, due);
            var pace = TimeSpan.FromSeconds(1) * (i + 1) / count - Stopwatch.GetElapsedTime(started);
            if (pace > TimeSpan.Zero)
                await Task.Delay(pace);
        }
        await probe.Done.WaitAsync(TimeSpan.FromSeconds(delayMs / 1000.0 + 60));
        await host.StopAsync();
        return new() { ["jobs"] = count, ["p50_ms"] = Math.Round(probe.Percentile(50), 3), ["p99_ms"] = Math.Round(probe.Percentile(99), 3), ["max_ms"] = Math.Round(probe.Percentile(100), 3) };
    }

    private async Task EnqueueBulkAsync(int count)
    {
        var bulk = new BrokerTaskClient(broker);
        var requests = new List<EnqueueRequest>(Batch);
        for (int done = 0; done < count; done += requests.Count)
        {
            requests.Clear();
            for (int i = 0; i < Math.Min(Batch, count - done); i++)
                requests.Add(bulk.CreateRequest(new Noop(0)));
            await broker.EnqueueManyAsync(requests);
        }
    }
}
