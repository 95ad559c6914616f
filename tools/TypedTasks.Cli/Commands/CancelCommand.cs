using System.CommandLine;

namespace TypedTasks.Cli.Commands;

/// <summary><c>typedtasks cancel ID</c>: a waiting job never runs; a running one has its token fired by its worker.</summary>
internal static class CancelCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "The job's id" };
        var command = new Command("cancel", "Cancel a job: a waiting one never runs, a running one is cancelled by its worker") { id };
        command.SetAction(globals, async context =>
        {
            var jobId = context.JobId(id);
            string message = await context.Connect().Broker.RequestCancelAsync(jobId, context.Cancellation) switch
            {
                CancelOutcome.Cancelled => $"Cancelled job {jobId}; it will not run.",
                CancelOutcome.Requested => $"Job {jobId} is running; its worker cancels it at its next lease renewal.",
                CancelOutcome.AlreadyEnded => $"Job {jobId} had already ended; nothing to cancel.",
                _ => throw CliException.NotFound($"No job {jobId}."),
            };
            context.Output().Line(message);
            return ExitCodes.Ok;
        });
        return command;
    }
}
