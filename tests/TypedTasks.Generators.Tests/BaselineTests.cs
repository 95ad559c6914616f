using System.Text;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// The code users get, checked in under <c>Baselines/</c> so reviewers can read it, and verified by the Roslyn testing
/// library: exactly these sources, no diagnostic, and an output that compiles without warnings. After an intended
/// change, regenerate with <c>TT_UPDATE_BASELINES=1 dotnet test tests/TypedTasks.Generators.Tests --filter Baseline</c>.
/// </summary>
public sealed class BaselineTests
{
    private const string Source = $$"""
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Formatters;
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

{{UserFormatters.Money}}

public sealed class Sku(string code)
{
    public string Code { get; } = code;
}

public sealed class SkuFormatter : IMessagePackFormatter<Sku>
{
    public static readonly SkuFormatter Instance = new();
    public void Serialize(ref MessagePackWriter writer, Sku value, MessagePackSerializerOptions options) => writer.Write(value.Code);
    public Sku Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadString()!);
}

public partial record Refund(Money Amount, Sku? Item, List<Money> Parts) : IBacktask
{
    public Task<Money> RunAsync() => Task.FromResult(Amount);
}
""";

    private static readonly string[] Files =
        ["Shop.SendReceipt.g.cs", "Shop.ComputeTotal.g.cs", "Shop.Jobs.Cleanup.g.cs", "Shop.Refund.g.cs", "TypedTasks.Registry.g.cs"];

    [Fact]
    public async Task Generated_code_matches_its_baselines()
    {
        if (Environment.GetEnvironmentVariable("TT_UPDATE_BASELINES") == "1")
        {
            var (_, run) = GeneratorHarness.Generate("Shop", Source);
            foreach (var file in Files)
                File.WriteAllText(Baseline(file), run.GeneratedTrees.Single(t => Path.GetFileName(t.FilePath) == file).ToString());
        }

        var test = new GeneratorTest("Shop") { TestState = { Sources = { Source } } };
        foreach (var file in Files)
        {
            Assert.True(File.Exists(Baseline(file)), $"No baseline {Baseline(file)}: run with TT_UPDATE_BASELINES=1 to create it.");
            test.TestState.GeneratedSources.Add((typeof(BacktaskGenerator), file, SourceText.From(File.ReadAllText(Baseline(file)), Encoding.UTF8)));
        }
        await test.RunAsync();
    }

    [Fact]
    public async Task A_task_the_analyzer_refuses_generates_nothing_and_reports_nothing()
    {
        // TT2001 is the analyzer's to report (TaskMemberAnalyzer); the generator stays silent and emits no partial.
        await new GeneratorTest
        {
            TestState =
            {
                Sources =
                {
                    """
                    using System.IO;
                    using System.Threading.Tasks;
                    using TypedTasks;
                    namespace Shop;
                    public partial record Upload(string Name, Stream Content) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
                    """,
                },
            },
        }.RunAsync();
    }

    /// <summary>The project folder is recorded at build time (source paths are mapped to /_/ in CI builds).</summary>
    private static string Baseline(string file) =>
        Path.Combine(typeof(BaselineTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "Baselines", file + ".txt");
}
