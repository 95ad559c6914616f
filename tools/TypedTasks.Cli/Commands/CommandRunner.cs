using System.CommandLine;

namespace TypedTasks.Cli.Commands;

/// <summary>Runs a command's body and turns every failure into one line on stderr and its exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(this Command command, GlobalOptions globals, Func<CommandContext, Task<int>> run) =>
        command.SetAction((parse, cancellationToken) => RunAsync(new CommandContext(globals, parse, cancellationToken), run));

    private static async Task<int> RunAsync(CommandContext context, Func<CommandContext, Task<int>> run)
    {
        try
        {
            return await run(context);
        }
        catch (CliException e)
        {
            return Fail(e.ExitCode, e.Message);
        }
        catch (Exception e) when (context.Session?.Connector.IsUnreachable(e) == true)
        {
            return Fail(ExitCodes.Unreachable, "The broker is unreachable: " + e.Message);
        }
        catch (ArgumentException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (Exception e)
        {
            return Fail(ExitCodes.Failed, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (context.Session is { } session)
                await session.DisposeAsync();
        }
    }

    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine("typedtasks: " + string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return exitCode;
    }
}
