using System.Diagnostics;
using System.Reflection;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// Builds a throwaway user project that consumes TypedTasks the way the repository's samples do
/// (<c>eng/TypedTasks.Local.props</c>: runtime reference, generator and analyzers as analyzers).
/// </summary>
public sealed class ProjectBuild : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public ProjectBuild() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "tt-analyzer-build-" + Guid.NewGuid().ToString("N"));

    private static string Metadata(string key) =>
        typeof(ProjectBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Writes the project and its one source file, builds it, and returns the exit code and output.</summary>
    public (int ExitCode, string Output) Build(string source)
    {
        string props = Path.Combine(Metadata("RepositoryRoot"), "eng", "TypedTasks.Local.props");
        File.WriteAllText(Path.Combine(Root, "UserTasks.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{props}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Root, "Tasks.cs"), source);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", "-c", Metadata("Configuration"), "--disable-build-servers", "-nologo", "-clp:NoSummary" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build of {Root} did not finish within {Limit.TotalSeconds} s.");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the next build uses a fresh one.
        }
    }
}
