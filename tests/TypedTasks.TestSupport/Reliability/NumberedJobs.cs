using TypedTasks.Brokers;

namespace TypedTasks.TestSupport.Reliability;

/// <summary>The jobs of a reliability test: numbered 0 to N-1, so that the runs the workers log can be matched to them.</summary>
public static class NumberedJobs
{
    /// <summary>
    /// Enqueues jobs 0 to <paramref name="count"/> - 1, made by <paramref name="request"/> from the client and the
    /// number, 500 to an EnqueueManyAsync call; returns their ids in number order.
    /// </summary>
    public static async Task<List<JobId>> EnqueueAsync(IBroker broker, int count, Func<BrokerTaskClient, int, EnqueueRequest> request)
    {
        var client = new BrokerTaskClient(broker);
        var ids = new List<JobId>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(500))
        {
            var results = await broker.EnqueueManyAsync(chunk.Select(number => request(client, number)).ToList());
            ids.AddRange(results.Select(r => r.Id));
        }
        return ids;
    }
}
