using System.CommandLine;
using TypedTasks.Cli;
using TypedTasks.Cli.Commands;

var globals = new GlobalOptions();
var root = new RootCommand("typedtasks: inspect and repair TypedTasks queues")
{
    QueuesCommand.Create(globals),
    StatsCommand.Create(globals),
    JobsCommand.Create(globals),
    DeadCommand.Create(globals),
    QueueControlCommands.Pause(globals),
    QueueControlCommands.Resume(globals),
    CancelCommand.Create(globals),
    CronCommand.Create(globals),
    EnqueueCommand.Create(globals),
};
foreach (var option in globals.All)
    root.Options.Add(option);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
    return CommandRunner.Fail(ExitCodes.Usage, string.Join("; ", parse.Errors.Select(e => e.Message)) + " (see typedtasks --help)");
return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
