using System.CommandLine;
using System.CommandLine.Help;
using TypedTasks.Cli;
using TypedTasks.Cli.Commands;

var globals = new GlobalOptions();
// A plain command rather than RootCommand, whose name would be the assembly's (TypedTasks.Cli), not the tool's.
var root = new Command("typedtasks", "Inspect and repair TypedTasks queues")
{
    new HelpOption(),
    new VersionOption(),
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
