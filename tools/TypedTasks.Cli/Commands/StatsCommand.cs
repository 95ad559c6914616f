using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using TypedTasks.Brokers;
using TypedTasks.Cli.Connection;
using TypedTasks.Cli.Parsing;
using TypedTasks.Cli.Rendering;

namespace TypedTasks.Cli.Commands;

/// <summary>
/// <c>typedtasks stats [--watch]</c>: per queue its counts and the attempts that ended in the last minute and the last
/// five, the totals, and the live workers; <c>--watch</c> refreshes until Ctrl+C (one JSON document per line with <c>--json</c>).
/// </summary>
internal static class StatsCommand
{
    private const int Minutes = 5;

    public static Command Create(GlobalOptions globals)
    {
        var json = GlobalOptions.JsonOutput();
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh until Ctrl+C" };
        var interval = new Option<string>("--interval") { Description = "Time between refreshes with --watch (e.g. 2s, 500ms)", DefaultValueFactory = _ => "2s" };
        var command = new Command("stats", "Show queue counts, recent throughput and workers") { json, watch, interval };
        command.SetAction(globals, async context =>
        {
            if (!Durations.TryParse(context.Value(interval)!, out var every) || every <= TimeSpan.Zero)
                throw CliException.Usage($"--interval: '{context.Value(interval)}' is not a duration such as 2s or 500ms.");
            var session = context.Connect();
            var output = context.Output(json);
            if (!context.Value(watch))
            {
                var snapshot = await ReadAsync(session, context.Cancellation);
                if (output.Json)
                    output.WriteJson(snapshot.Json());
                else
                    output.Write(snapshot.View());
                return ExitCodes.Ok;
            }
            await WatchAsync(session, output, every, context.Cancellation);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WatchAsync(BrokerSession session, CliOutput output, TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            if (!output.Json && output.Console.Profile.Capabilities is { Interactive: true, Ansi: true })
            {
                var first = await ReadAsync(session, cancellationToken);
                await output.Console.Live(first.View()).StartAsync(async live =>
                {
                    while (true)
                    {
                        await Task.Delay(every, cancellationToken);
                        live.UpdateTarget((await ReadAsync(session, cancellationToken)).View());
                    }
                });
                return;
            }
            // Not a terminal (a pipe, a log): one snapshot after the other.
            while (true)
            {
                var snapshot = await ReadAsync(session, cancellationToken);
                if (output.Json)
                    output.WriteJsonLine(snapshot.Json());
                else
                    output.Write(snapshot.View());
                await Task.Delay(every, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ends the watch normally.
        }
    }

    private static async Task<Snapshot> ReadAsync(BrokerSession session, CancellationToken cancellationToken)
    {
        var queues = await QueueViews.ReadAsync(session, null, cancellationToken);
        var throughput = new Dictionary<string, IReadOnlyList<ThroughputMinute>>(StringComparer.Ordinal);
        foreach (var queue in queues)
            throughput[queue.Queue] = await session.Admin.GetThroughputAsync(queue.Queue, Minutes, cancellationToken);
        var workers = await session.Admin.GetWorkersAsync(cancellationToken);
        return new Snapshot(DateTimeOffset.UtcNow, queues, throughput, workers);
    }

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<QueueStats> Queues,
        IReadOnlyDictionary<string, IReadOnlyList<ThroughputMinute>> Throughput, IReadOnlyList<WorkerStatus> Workers)
    {
        private (long Succeeded, long Failed) Recent(string queue, int minutes)
        {
            var recent = Throughput[queue].TakeLast(minutes).ToList();
            return (recent.Sum(m => m.Succeeded), recent.Sum(m => m.Failed));
        }

        public JsonObject Json()
        {
            var queues = new JsonArray();
            foreach (var queue in Queues)
            {
                var json = QueueViews.Json(queue);
                var (lastMinuteOk, lastMinuteFailed) = Recent(queue.Queue, 1);
                var (recentOk, recentFailed) = Recent(queue.Queue, Minutes);
                json["lastMinute"] = new JsonObject { ["succeeded"] = lastMinuteOk, ["failed"] = lastMinuteFailed };
                json["last5Minutes"] = new JsonObject { ["succeeded"] = recentOk, ["failed"] = recentFailed };
                queues.Add(json);
            }
            return new JsonObject
            {
                ["at"] = Times.Json(At),
                ["queues"] = queues,
                ["totals"] = new JsonObject
                {
                    ["pending"] = Queues.Sum(q => q.Pending),
                    ["active"] = Queues.Sum(q => q.Active),
                    ["scheduled"] = Queues.Sum(q => q.Scheduled),
                    ["retry"] = Queues.Sum(q => q.Retry),
                    ["dead"] = Queues.Sum(q => q.Dead),
                    ["succeeded"] = Queues.Sum(q => q.Succeeded),
                    ["failed"] = Queues.Sum(q => q.Failed),
                },
                ["workers"] = new JsonArray(Workers.Select(w => (JsonNode)new JsonObject
                {
                    ["id"] = w.Id,
                    ["host"] = w.Host,
                    ["pid"] = w.ProcessId,
                    ["queues"] = new JsonArray(w.Queues.Select(q => (JsonNode)new JsonObject { ["name"] = q.Name, ["concurrency"] = q.Concurrency }).ToArray()),
                    ["running"] = w.Running.Count,
                    ["startedAt"] = Times.Json(w.StartedAt),
                    ["beatAt"] = Times.Json(w.BeatAt),
                }).ToArray()),
            };
        }

        public IRenderable View()
        {
            var table = CliOutput.Table("Queue", "Paused", "Pending", "Active", "Scheduled", "Retry", "Dead", "Ok 1m", "Failed 1m", "Ok 5m", "Failed 5m");
            foreach (var queue in Queues)
            {
                var (ok1, failed1) = Recent(queue.Queue, 1);
                var (ok5, failed5) = Recent(queue.Queue, Minutes);
                CliOutput.AddRow(table, queue.Queue, queue.Paused ? "paused" : "", QueueViews.N(queue.Pending), QueueViews.N(queue.Active),
                    QueueViews.N(queue.Scheduled), QueueViews.N(queue.Retry), QueueViews.N(queue.Dead), QueueViews.N(ok1), QueueViews.N(failed1),
                    QueueViews.N(ok5), QueueViews.N(failed5));
            }
            CliOutput.AddRow(table, "total", "", QueueViews.N(Queues.Sum(q => q.Pending)), QueueViews.N(Queues.Sum(q => q.Active)),
                QueueViews.N(Queues.Sum(q => q.Scheduled)), QueueViews.N(Queues.Sum(q => q.Retry)), QueueViews.N(Queues.Sum(q => q.Dead)),
                "", "", "", "");
            foreach (var column in table.Columns.Skip(2))
                column.RightAligned();
            table.Title = new TableTitle($"TypedTasks at {Times.Table(At)} UTC");
            var workers = CliOutput.Table("Worker", "Host", "PID", "Queues", "Running", "Last beat (UTC)");
            foreach (var worker in Workers)
                CliOutput.AddRow(workers, worker.Id, worker.Host, worker.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    string.Join(", ", worker.Queues.Select(q => $"{q.Name}×{q.Concurrency}")), worker.Running.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Times.Table(worker.BeatAt));
            return new Rows(table, Workers.Count == 0 ? new Text("No workers.") : workers);
        }
    }
}
