using System.CommandLine;
using TypedTasks.Brokers;

namespace TypedTasks.Cli.Commands;

/// <summary><c>typedtasks pause QUEUE</c> and <c>typedtasks resume QUEUE</c>.</summary>
internal static class QueueControlCommands
{
    public static Command Pause(GlobalOptions globals) => Create(globals, "pause",
        "Stop every worker from fetching from a queue (enqueueing still works)", "Paused",
        (broker, queue, ct) => broker.PauseAsync(queue, ct));

    public static Command Resume(GlobalOptions globals) => Create(globals, "resume",
        "Let workers fetch from a paused queue again", "Resumed",
        (broker, queue, ct) => broker.ResumeAsync(queue, ct));

    private static Command Create(GlobalOptions globals, string name, string description, string done,
        Func<IBroker, string, CancellationToken, ValueTask> act)
    {
        var queue = new Argument<string>("QUEUE") { Description = "The queue" };
        var command = new Command(name, description) { queue };
        command.SetAction(globals, async context =>
        {
            string target = QueueName.Validate(context.Value(queue));
            await act(context.Connect().Broker, target, context.Cancellation);
            context.Output().Line($"{done} queue {target}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
