using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// The code users get, checked in under <c>Baselines/</c> so reviewers can read it. After an intended change,
/// regenerate with <c>TT_UPDATE_BASELINES=1 dotnet test tests/TypedTasks.Generators.Tests --filter Baseline</c>.
/// </summary>
public sealed class BaselineTests
{
    private const string Source = """
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TypedTasks;

namespace Shop;

public sealed record Address(string Street, string City);

[Backtask(Name = "shop.send-receipt", Queue = "mail", MaxRetries = 5)]
public partial record SendReceipt(Guid OrderId, string Email, Address ShipTo, List<string> Lines, decimal Total = 0m) : IBacktask
{
    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}

public partial record ComputeTotal(int[] Cents) : IBacktask
{
    public ValueTask<long> RunAsync(TaskContext context) => new(0L);
}

public static partial class Jobs
{
    public partial class Cleanup : IBacktask
    {
        public int OlderThanDays { get; init; } = 30;
        public Task RunAsync() => Task.CompletedTask;
    }
}
""";

    [Theory]
    [InlineData("Shop.SendReceipt.g.cs")]
    [InlineData("Shop.ComputeTotal.g.cs")]
    [InlineData("Shop.Jobs.Cleanup.g.cs")]
    [InlineData("TypedTasks.Registry.g.cs")]
    public void Generated_code_matches_its_baseline(string file)
    {
        var (_, run) = GeneratorHarness.Generate("Shop", Source);
        var generated = run.GeneratedTrees.Single(t => Path.GetFileName(t.FilePath) == file).ToString();
        string baseline = Path.Combine(BaselineDirectory(), file + ".txt");

        if (Environment.GetEnvironmentVariable("TT_UPDATE_BASELINES") == "1")
            File.WriteAllText(baseline, generated);

        Assert.True(File.Exists(baseline), $"No baseline {baseline}: run with TT_UPDATE_BASELINES=1 to create it.");
        Assert.Equal(File.ReadAllText(baseline).ReplaceLineEndings("\n"), generated.ReplaceLineEndings("\n"));
    }

    /// <summary>The project folder is recorded at build time (source paths are mapped to /_/ in CI builds).</summary>
    private static string BaselineDirectory() =>
        Path.Combine(typeof(BaselineTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "Baselines");
}
