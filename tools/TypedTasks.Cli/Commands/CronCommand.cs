using System.CommandLine;
using System.Text.Json.Nodes;
using TypedTasks.Cli.Rendering;

namespace TypedTasks.Cli.Commands;

/// <summary><c>typedtasks cron list</c>: the cron schedules the running hosts recorded, with their next and last fires.</summary>
internal static class CronCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var json = GlobalOptions.JsonOutput();
        var list = new Command("list", "List the cron schedules of the running hosts") { json };
        list.SetAction(globals, async context =>
        {
            var schedules = await context.Connect().Admin.GetCronSchedulesAsync(context.Cancellation);
            var output = context.Output(json);
            if (output.Json)
            {
                output.WriteJson(new JsonArray(schedules.Select(s => (JsonNode)new JsonObject
                {
                    ["id"] = s.Id,
                    ["task"] = s.TaskName,
                    ["queue"] = s.Queue,
                    ["expression"] = s.Expression,
                    ["timeZone"] = s.TimeZone,
                    ["nextFires"] = new JsonArray(s.NextFires.Select(f => (JsonNode?)Times.Json(f)).ToArray()),
                    ["lastFireAt"] = Times.Json(s.LastFireAt),
                    ["lastJobId"] = s.LastJobId?.Value,
                    ["host"] = s.Host,
                    ["recordedAt"] = Times.Json(s.RecordedAt),
                }).ToArray()));
                return ExitCodes.Ok;
            }
            if (schedules.Count == 0)
            {
                output.Line("No cron schedules (none recorded by a running host).");
                return ExitCodes.Ok;
            }
            var table = CliOutput.Table("Schedule", "Task", "Queue", "Cron", "Zone", "Next fire (UTC)", "Last fire (UTC)", "Last job", "Host");
            foreach (var s in schedules)
                CliOutput.AddRow(table, s.Id, s.TaskName, s.Queue ?? "(task's)", s.Expression, s.TimeZone,
                    Times.Table(s.NextFires.Count > 0 ? s.NextFires[0] : null), Times.Table(s.LastFireAt), s.LastJobId?.Value, s.Host);
            output.Write(table);
            return ExitCodes.Ok;
        });
        return new Command("cron", "Cron schedules") { list };
    }
}
