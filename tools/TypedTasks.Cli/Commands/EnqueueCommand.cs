using System.CommandLine;
using TypedTasks.Cli.Parsing;

namespace TypedTasks.Cli.Commands;

/// <summary>
/// <c>typedtasks enqueue TASK --json '{...}' [--queue Q] [--in 10s] --assembly app.dll</c>: makes the task from JSON
/// and enqueues it through the app's generated writer and the same client code as <c>PerformAsync</c>; prints the job id.
/// </summary>
internal static class EnqueueCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var task = new Argument<string>("TASK") { Description = "The task's wire name (or its type name)" };
        var json = new Option<string>("--json") { Description = "The task's members as a JSON object, e.g. '{\"A\": 40, \"B\": 2}'", Required = true };
        var queue = new Option<string>("--queue", "-q") { Description = "The queue (the task's own by default)" };
        var delay = new Option<string>("--in") { Description = "Run after this long (e.g. 10s, 5m, 1h30m)" };
        var command = new Command("enqueue", "Enqueue a task of the app given by --assembly, from JSON; prints the job id") { task, json, queue, delay };
        command.SetAction(globals, async context =>
        {
            TimeSpan? after = null;
            if (context.Value(delay) is { } text)
                after = Durations.TryParse(text, out var parsed) ? parsed : throw CliException.Usage($"--in: '{text}' is not a duration such as 10s, 5m or 1h30m.");
            var app = context.App ?? throw CliException.Usage("enqueue needs --assembly app.dll: the task is written by the app's generated serializer.");
            var codec = app.Get(context.Value(task)!);
            var session = context.Connect();
            var client = new BrokerTaskClient(session.Broker);
            var request = codec.CreateRequest(client, context.Value(json)!, context.Value(queue), after is { } wait ? client.TimeProvider.GetUtcNow() + wait : null);
            var result = await session.Broker.EnqueueAsync(request, context.Cancellation);
            context.Output().Line(result.Id.Value);
            return ExitCodes.Ok;
        });
        return command;
    }
}
