using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>The generator redoes work only when a task's shape changed.</summary>
public sealed class IncrementalTests
{
    private const string Task = """
using System.Threading.Tasks;
using TypedTasks;
namespace Inc;
public partial record Mail(string To, int Priority) : IBacktask
{
    public Task RunAsync() { return Task.CompletedTask; }
}
""";

    private const string Other = "namespace Inc; public static class Helpers { public static int One() => 1; }";

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation("Inc", Task, Other);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static IncrementalStepRunReason TaskStepReason(GeneratorDriver driver) =>
        driver.GetRunResult().Results[0].TrackedSteps[BacktaskGenerator.Steps.Tasks].Single().Outputs.Single().Reason;

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }

    [Fact]
    public void A_rerun_on_the_same_compilation_is_cached()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(compilation);
        Assert.Equal(IncrementalStepRunReason.Cached, TaskStepReason(driver));
    }

    [Fact]
    public void Editing_a_method_body_leaves_the_model_unchanged()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, 0, Task.Replace("return Task.CompletedTask;", "var x = 1; return Task.CompletedTask;")));
        // Roslyn reports Unchanged when it re-ran the transform and got an equal model, Cached when it could reuse it
        // outright; either way nothing downstream is regenerated.
        Assert.Contains(TaskStepReason(driver), new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached });
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_the_model_unchanged()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, 1, Other.Replace("=> 1", "=> 2")));
        Assert.Contains(TaskStepReason(driver), new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached });
    }

    [Fact]
    public void Changing_a_member_type_modifies_the_model()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, 0, Task.Replace("int Priority", "long Priority")));
        Assert.Equal(IncrementalStepRunReason.Modified, TaskStepReason(driver));
    }

    [Fact]
    public void The_model_graph_holds_no_symbols_syntax_or_compilations()
    {
        var (driver, _) = FirstRun();
        string[] ours = [BacktaskGenerator.Steps.Tasks, BacktaskGenerator.Steps.Registry, BacktaskGenerator.Steps.ReferencedRegistries, BacktaskGenerator.Steps.AssemblyName];
        var models = driver.GetRunResult().Results[0].TrackedSteps.Where(step => ours.Contains(step.Key)).SelectMany(step => step.Value)
            .SelectMany(step => step.Outputs).Select(output => output.Value).ToList();
        Assert.NotEmpty(models);
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var model in models)
            Walk(model, visited, "model");
    }

    private static void Walk(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}, which keeps compilations alive and breaks caching");
        if (!value.GetType().IsValueType && !visited.Add(value))
            return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items)
                Walk(item, visited, $"{path}[{i++}]");
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Walk(field.GetValue(value), visited, $"{path}.{field.Name}");
    }
}
