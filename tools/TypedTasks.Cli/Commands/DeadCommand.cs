using System.CommandLine;
using System.Text.Json.Nodes;
using TypedTasks.Brokers;
using TypedTasks.Cli.Connection;

namespace TypedTasks.Cli.Commands;

/// <summary><c>typedtasks dead retry ID|--all</c> and <c>typedtasks dead delete ID|--all</c>.</summary>
internal static class DeadCommand
{
    public static Command Create(GlobalOptions globals) => new("dead", "Retry or delete dead jobs")
    {
        Action(globals, "retry", "Move dead jobs back to pending with their attempts reset", "retried", RetryOneAsync,
            (session, queue, ct) => session.Admin.RetryAllAsync(queue, JobSet.Dead, ct)),
        Action(globals, "delete", "Delete dead jobs for good", "deleted", DeleteOneAsync,
            (session, queue, ct) => session.Admin.DeleteAllAsync(queue, JobSet.Dead, ct)),
    };

    private static Command Action(GlobalOptions globals, string name, string description, string verb,
        Func<BrokerSession, JobId, CancellationToken, Task> one, Func<BrokerSession, string, CancellationToken, ValueTask<long>> all)
    {
        var json = GlobalOptions.JsonOutput();
        var id = new Argument<string>("ID") { Description = "The dead job's id", Arity = ArgumentArity.ZeroOrOne };
        var allOption = new Option<bool>("--all") { Description = "Every dead job (of --queue, or of every queue)" };
        var queue = new Option<string>("--queue", "-q") { Description = "With --all: only this queue" };
        var command = new Command(name, description) { id, allOption, queue, json };
        command.SetAction(globals, async context =>
        {
            bool everything = context.Value(allOption);
            string? jobId = context.Value(id);
            if (everything == (jobId is not null))
                throw CliException.Usage($"dead {name}: give a job id or --all, not {(everything ? "both" : "neither")}.");
            if (!everything && context.Value(queue) is not null)
                throw CliException.Usage($"dead {name}: --queue goes with --all.");
            var session = context.Connect();
            var output = context.Output(json);
            if (!everything)
            {
                var job = context.JobId(id);
                await one(session, job, context.Cancellation);
                if (output.Json)
                    output.WriteJson(new JsonObject { [verb] = 1, ["id"] = job.Value });
                else
                    output.Line($"{Capitalized(verb)} dead job {job}.");
                return ExitCodes.Ok;
            }
            var counts = new JsonObject();
            long total = 0;
            foreach (string q in await session.QueuesAsync(context.Value(queue), context.Cancellation))
            {
                long count = await all(session, q, context.Cancellation);
                counts[q] = count;
                total += count;
            }
            if (output.Json)
                output.WriteJson(new JsonObject { [verb] = total, ["queues"] = counts });
            else
                output.Line($"{Capitalized(verb)} {total} dead job{(total == 1 ? "" : "s")}" +
                    (counts.Count > 0 ? $" ({string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"))})." : "."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RetryOneAsync(BrokerSession session, JobId id, CancellationToken cancellationToken)
    {
        var job = await RequireDeadAsync(session, id, cancellationToken);
        if (!await session.Broker.RetryDeadAsync(job.Id, cancellationToken))
            throw CliException.NotFound($"Job {id} is no longer dead.");
    }

    private static async Task DeleteOneAsync(BrokerSession session, JobId id, CancellationToken cancellationToken)
    {
        var job = await RequireDeadAsync(session, id, cancellationToken);
        if (!await session.Broker.DeleteJobAsync(job.Id, cancellationToken))
            throw CliException.NotFound($"Job {id} is gone.");
    }

    private static async Task<JobInfo> RequireDeadAsync(BrokerSession session, JobId id, CancellationToken cancellationToken)
    {
        var job = await session.Broker.GetJobAsync(id, cancellationToken) ?? throw CliException.NotFound($"No job {id}.");
        return job.State == JobState.Dead ? job
            : throw CliException.NotFound($"Job {id} is not dead: it is {job.State.ToString().ToLowerInvariant()}.");
    }

    private static string Capitalized(string verb) => char.ToUpperInvariant(verb[0]) + verb[1..];
}
