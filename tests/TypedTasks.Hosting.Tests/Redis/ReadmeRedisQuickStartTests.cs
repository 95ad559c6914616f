using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>
/// The README's Redis quick start, as written: each block marked <c>&lt;!-- redis quick start --&gt;</c> is compiled
/// against the real packages, run on a host pointed at a test redis-server (its <c>localhost:6379</c> replaced by the
/// server's address, and no password), and must run a job.
/// </summary>
public sealed class ReadmeRedisQuickStartTests
{
    public static TheoryData<int> Samples() => new(Enumerable.Range(0, QuickStarts().Count));

    private static List<string> QuickStarts()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        return Regex.Matches(readme, @"<!-- redis quick start -->\s*```csharp\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public void The_README_has_a_quick_start_with_a_connection_string_and_one_with_the_apps_multiplexer()
    {
        var samples = QuickStarts();
        Assert.Equal(2, samples.Count);
        Assert.Contains(samples, s => s.Contains("UseRedis(\"localhost:6379", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Contains("IConnectionMultiplexer", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_README_quick_start_runs_a_job_on_Redis(int sample)
    {
        await using var server = await RedisServer.StartAsync();
        string code = QuickStarts()[sample]
            .Replace("localhost:6379,password=secret,ssl=false", server.ConnectionString, StringComparison.Ordinal)
            .Replace("localhost:6379", server.ConnectionString, StringComparison.Ordinal);
        var configure = Compile(code);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<Recorder>();
        builder.Services.AddSingleton(TestTasks.Registry);
        configure(builder);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<ITaskClient>().EnqueueAsync(new Greet("readme"), queue: "default");
            await Recorder.WaitUntilAsync(() => host.Services.GetRequiredService<Recorder>().CountOf("hello readme") == 1,
                what: "the quick start's worker to run the job");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Compiles the sample as the body of a method taking <c>builder</c> and returns that method.</summary>
    private static Action<HostApplicationBuilder> Compile(string code)
    {
        string source = $$"""
            using System;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;
            using TypedTasks;

            public static class QuickStart
            {
                public static void Configure(HostApplicationBuilder builder)
                {
            {{code}}
                }
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .DistinctBy(Path.GetFileName)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("QuickStart" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, "the README quick start does not compile:\n" + string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var assembly = AssemblyLoadContext.Default.LoadFromStream(image);
        var method = assembly.GetType("QuickStart")!.GetMethod("Configure", BindingFlags.Public | BindingFlags.Static)!;
        return builder => method.Invoke(null, [builder]);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TypedTasks.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("TypedTasks.sln not found above " + AppContext.BaseDirectory);
    }
}
