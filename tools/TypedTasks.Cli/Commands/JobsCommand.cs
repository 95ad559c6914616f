using System.CommandLine;
using System.Text.Json.Nodes;
using TypedTasks.Brokers;
using TypedTasks.Cli.Rendering;

namespace TypedTasks.Cli.Commands;

/// <summary><c>typedtasks jobs show ID</c> and <c>typedtasks jobs list QUEUE --state ...</c>.</summary>
internal static class JobsCommand
{
    private static readonly string[] s_states = ["pending", "active", "scheduled", "retry", "dead", "kept"];

    public static Command Create(GlobalOptions globals) =>
        new("jobs", "Show one job or list the jobs of a queue") { Show(globals), List(globals) };

    private static Command Show(GlobalOptions globals)
    {
        var json = GlobalOptions.JsonOutput();
        var id = new Argument<string>("ID") { Description = "The job's id" };
        var command = new Command("show", "Show a job: state, attempts, error, times, and its arguments as JSON") { id, json };
        command.SetAction(globals, async context =>
        {
            var jobId = context.JobId(id);
            var job = await context.Connect().Broker.GetJobAsync(jobId, context.Cancellation)
                ?? throw CliException.NotFound($"No job {jobId} (unknown, deleted, or succeeded without a kept result).");
            var payload = new PayloadRenderer(context.App).Render(job);
            var output = context.Output(json);
            if (output.Json)
                output.WriteJson(JobViews.Json(job, payload));
            else
                output.Write(JobViews.Details(job, payload));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(GlobalOptions globals)
    {
        var json = GlobalOptions.JsonOutput();
        var queue = new Argument<string>("QUEUE") { Description = "The queue" };
        var state = new Option<string>("--state", "-s") { Description = "The set to list", DefaultValueFactory = _ => "pending" };
        state.AcceptOnlyFromAmong(s_states);
        var limit = new Option<int>("--limit", "-n") { Description = "How many jobs", DefaultValueFactory = _ => 50 };
        var offset = new Option<int>("--offset") { Description = "How many to skip first" };
        var command = new Command("list", "List the jobs of a queue in one state, oldest first (dead: latest death first)") { queue, state, limit, offset, json };
        command.SetAction(globals, async context =>
        {
            string name = QueueName.Validate(context.Value(queue));
            var set = Enum.Parse<JobSet>(context.Value(state)!, ignoreCase: true);
            if (context.Value(limit) < 0 || context.Value(offset) < 0)
                throw CliException.Usage("--limit and --offset must not be negative.");
            var session = context.Connect();
            var queues = await session.Broker.GetQueuesAsync(context.Cancellation);
            if (!queues.Contains(name, StringComparer.Ordinal))
                throw CliException.NotFound($"No queue '{name}'; the queues are: {(queues.Count == 0 ? "none" : string.Join(", ", queues.Order(StringComparer.Ordinal)))}.");
            var jobs = await session.Admin.ListJobsAsync(name, set, context.Value(offset), context.Value(limit), context.Cancellation);
            var output = context.Output(json);
            if (output.Json)
            {
                var renderer = new PayloadRenderer(context.App);
                output.WriteJson(new JsonArray(jobs.Select(j => (JsonNode)JobViews.Json(j, renderer.Render(j))).ToArray()));
            }
            else if (jobs.Count == 0)
                output.Line($"No {context.Value(state)} jobs in queue {name}.");
            else
                output.Write(JobViews.ListTable(jobs));
            return ExitCodes.Ok;
        });
        return command;
    }
}
