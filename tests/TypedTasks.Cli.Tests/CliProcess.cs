using System.Diagnostics;
using System.Text;

namespace TypedTasks.Cli.Tests;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built tool (TypedTasks.Cli.dll, copied beside the tests) as its own process.</summary>
public static class CliProcess
{
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "TypedTasks.Cli.dll");

    /// <summary>This test assembly: it holds generated tasks, so it serves as the app for --assembly.</summary>
    public static string AppAssembly { get; } = typeof(CliProcess).Assembly.Location;

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    public static async Task<CliResult> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("The tool did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"typedtasks {string.Join(' ', arguments)} did not exit within 90 s.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
