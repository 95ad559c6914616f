using TypedTasks.Brokers;

namespace TypedTasks.DashboardBench;

/// <summary>Puts the benchmark's jobs in the broker: first the ones that die, then the pending ones.</summary>
internal static class Filler
{
    private const int Batch = 1000;

    public static async Task<JobId> FillAsync(IBroker broker, string queue, int pending, int dead)
    {
        var client = new BrokerTaskClient(broker);
        await EnqueueAsync(broker, client, queue, dead);
        int buried = 0;
        JobId lastDead = default;
        while (buried < dead)
        {
            var fetched = await broker.FetchAsync(new FetchRequest { Queues = [queue], Count = Math.Min(Batch, dead - buried), WorkerId = "bench" });
            await Task.WhenAll(fetched.Jobs.Select(job => broker.FailAsync(new JobFailure
            {
                Lease = job.Lease,
                Error = $"InvalidOperationException: customer {job.Id} has no address\n   at TypedTasks.DashboardBench.Report.RunAsync()",
                Disposition = FailureDisposition.Dead,
            }).AsTask()));
            buried += fetched.Jobs.Count;
            lastDead = fetched.Jobs[^1].Id;
        }
        await EnqueueAsync(broker, client, queue, pending);
        return lastDead;
    }

    private static async Task EnqueueAsync(IBroker broker, BrokerTaskClient client, string queue, int count)
    {
        for (int start = 0; start < count; start += Batch)
        {
            var requests = Enumerable.Range(start, Math.Min(Batch, count - start))
                .Select(i => client.CreateRequest(new Report(i, $"Monthly report {i} for the customer's account", new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)), queue))
                .ToList();
            await broker.EnqueueManyAsync(requests);
        }
    }
}
