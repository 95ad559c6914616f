using System.Text.Json;
using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>What the overview shows: each queue's counts and the attempts per minute of the last hour over all queues.</summary>
internal sealed record OverviewData(IReadOnlyList<QueueStats> Queues, IReadOnlyList<ThroughputMinute> Throughput)
{
    public static async Task<OverviewData> LoadAsync(DashboardRequest r)
    {
        var names = await r.Broker.GetQueuesAsync(r.Aborted).ConfigureAwait(false);
        var stats = await Task.WhenAll(names.Select(q => r.Broker.GetQueueStatsAsync(q, r.Aborted).AsTask())).ConfigureAwait(false);
        IReadOnlyList<ThroughputMinute> history = [];
        if (r.Admin is { } admin && names.Count > 0)
        {
            var perQueue = await Task.WhenAll(names.Select(q => admin.GetThroughputAsync(q, ThroughputMinute.MaxHistory, r.Aborted).AsTask())).ConfigureAwait(false);
            history = perQueue[0].Select((minute, i) => new ThroughputMinute(
                minute.Start, perQueue.Sum(q => q[i].Succeeded), perQueue.Sum(q => q[i].Failed))).ToList();
        }
        return new OverviewData(stats, history);
    }

    /// <summary>
    /// The data as JSON for the page's script (embedded in the page, and polled from <c>api/overview</c>). The writer's
    /// default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so a queue name cannot close the script element.
    /// </summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("queues");
            foreach (var q in Queues)
            {
                json.WriteStartObject();
                json.WriteString("name", q.Queue);
                json.WriteNumber("pending", q.Pending);
                json.WriteNumber("active", q.Active);
                json.WriteNumber("scheduled", q.Scheduled);
                json.WriteNumber("retry", q.Retry);
                json.WriteNumber("dead", q.Dead);
                json.WriteNumber("kept", q.Kept);
                json.WriteNumber("succeeded", q.Succeeded);
                json.WriteNumber("failed", q.Failed);
                json.WriteBoolean("paused", q.Paused);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("throughput");
            foreach (var m in Throughput)
            {
                json.WriteStartObject();
                json.WriteNumber("t", m.Start.ToUnixTimeMilliseconds());
                json.WriteNumber("processed", m.Succeeded + m.Failed);
                json.WriteNumber("failed", m.Failed);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
