using System.CommandLine;
using TypedTasks.Cli.Connection;

namespace TypedTasks.Cli.Commands;

/// <summary>The options every command takes: where the broker is and which app's tasks to use.</summary>
internal sealed class GlobalOptions
{
    public ConnectionOptions Connection { get; } = new(KnownBrokers.All);

    public Option<FileInfo> Assembly { get; } = new("--assembly")
    {
        Description = "The app's assembly (app.dll, built with TypedTasks): shows payloads as its tasks and lets enqueue make them",
        Recursive = true,
    };

    public IEnumerable<Option> All => Connection.All.Append(Assembly);

    /// <summary>The <c>--json</c> flag of a command whose output scripts read.</summary>
    public static Option<bool> JsonOutput() => new("--json") { Description = "Write JSON instead of tables, for scripts" };
}
