using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TypedTasks.Cli.Connection;
using TypedTasks.Cli.Rendering;

namespace TypedTasks.Cli.Commands;

/// <summary>Queue counts read from the broker, as JSON and as a table.</summary>
internal static class QueueViews
{
    public static async Task<IReadOnlyList<QueueStats>> ReadAsync(BrokerSession session, string? queue, CancellationToken cancellationToken)
    {
        var stats = new List<QueueStats>();
        foreach (string name in await session.QueuesAsync(queue, cancellationToken))
            stats.Add(await session.Broker.GetQueueStatsAsync(name, cancellationToken));
        return stats;
    }

    public static JsonObject Json(QueueStats stats) => new()
    {
        ["queue"] = stats.Queue,
        ["paused"] = stats.Paused,
        ["pending"] = stats.Pending,
        ["active"] = stats.Active,
        ["scheduled"] = stats.Scheduled,
        ["retry"] = stats.Retry,
        ["dead"] = stats.Dead,
        ["kept"] = stats.Kept,
        ["succeeded"] = stats.Succeeded,
        ["failed"] = stats.Failed,
    };

    public static Table Table(IEnumerable<QueueStats> queues)
    {
        var table = CliOutput.Table("Queue", "Paused", "Pending", "Active", "Scheduled", "Retry", "Dead", "Kept", "Succeeded", "Failed");
        foreach (var q in queues)
            CliOutput.AddRow(table, q.Queue, q.Paused ? "paused" : "", N(q.Pending), N(q.Active), N(q.Scheduled), N(q.Retry), N(q.Dead),
                N(q.Kept), N(q.Succeeded), N(q.Failed));
        foreach (var column in table.Columns.Skip(2))
            column.RightAligned();
        return table;
    }

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
