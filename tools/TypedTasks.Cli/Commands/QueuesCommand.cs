using System.CommandLine;
using System.Text.Json.Nodes;

namespace TypedTasks.Cli.Commands;

/// <summary><c>typedtasks queues</c>: every queue with its jobs per state and whether it is paused.</summary>
internal static class QueuesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var json = GlobalOptions.JsonOutput();
        var command = new Command("queues", "List the queues with their jobs per state and whether they are paused") { json };
        command.SetAction(globals, async context =>
        {
            var queues = await QueueViews.ReadAsync(context.Connect(), null, context.Cancellation);
            var output = context.Output(json);
            if (output.Json)
                output.WriteJson(new JsonArray(queues.Select(q => (JsonNode)QueueViews.Json(q)).ToArray()));
            else if (queues.Count == 0)
                output.Line("No queues.");
            else
                output.Write(QueueViews.Table(queues));
            return ExitCodes.Ok;
        });
        return command;
    }
}
