using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// The corpus of task declarations under <c>Corpus/</c>: <c>Valid/</c> is user code that must generate, compile and
/// round-trip (compiled once, as one assembly); <c>Invalid/</c> declares tasks each refused with the diagnostic its
/// <c>// TTnnnn</c> comment names (compiled once, with the analyzers).
/// </summary>
public static class Corpus
{
    public static readonly Lazy<Assembly> Valid = new(() => GeneratorHarness.Load("Corpus", Sources("Valid")));

    /// <summary>The task types of the valid corpus, by full name.</summary>
    public static IEnumerable<Type> ValidTasks() =>
        Valid.Value.GetTypes().Where(t => typeof(IBacktask).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal);

    /// <summary>The sources of one part of the corpus, in a stable order.</summary>
    public static string[] Sources(string part) =>
        Directory.GetFiles(Path.Combine(ProjectDirectory, "Corpus", part), "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    /// <summary>Calls the generated <c>PerformAsync(task, client)</c> of the task's namespace.</summary>
    public static async Task<JobId> PerformAsync(object task, ITaskClient client)
    {
        var method = task.GetType().Assembly.GetTypes()
            .Where(t => t.Name.StartsWith("TypedTasksPerformExtensions", StringComparison.Ordinal) && t.Namespace == task.GetType().Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Single(m => m.Name == "PerformAsync" && m.GetParameters() is [var first, var second, ..] && first.ParameterType == task.GetType() && second.ParameterType == typeof(ITaskClient));
        try
        {
            return await (ValueTask<JobId>)method.Invoke(null, [task, client, null, null, CancellationToken.None])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The declarations in <paramref name="compilation"/> that name <c>IBacktask</c> in their base list.</summary>
    public static IEnumerable<TypeDeclarationSyntax> TaskDeclarations(Compilation compilation) =>
        compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Where(d => d.BaseList?.Types.Any(b => b.Type.ToString().EndsWith("IBacktask", StringComparison.Ordinal)) == true);

    private static string ProjectDirectory =>
        typeof(Corpus).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
