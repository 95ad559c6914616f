using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// What test compilations reference: the .NET reference assemblies this test project was built against (recorded by
/// the RecordTargetingPack target from the SDK's targeting pack), and the TypedTasks runtime with the assemblies it
/// references, as a user project restoring the TypedTasks package gets them. Nothing is downloaded at test time, so
/// the tests run the same on a fresh CI machine as here.
/// </summary>
public static class TestReferences
{
    /// <summary>
    /// The testing library's reference assemblies, left empty: its packages would be resolved through NuGet at test
    /// time. The framework comes in <see cref="All"/> instead.
    /// </summary>
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new(Metadata("TargetFramework"));

    /// <summary>The framework's reference assemblies, then the TypedTasks runtime and its dependencies.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = [.. Framework(), .. TypedTasksRuntime()];

    private static IEnumerable<MetadataReference> Framework()
    {
        string folder = Metadata("NetCoreReferenceAssemblies");
        var assemblies = Directory.GetFiles(folder, "*.dll");
        if (assemblies.Length == 0)
            throw new InvalidOperationException($"No reference assemblies in '{folder}', the targeting pack this project was built against.");
        return assemblies.Order(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p));
    }

    /// <summary>
    /// TypedTasks.dll and every non-framework assembly it references, from this test's output folder, plus the
    /// dependencies of the package that generated code calls (dependency-injection abstractions), the logging
    /// abstractions user tasks take in <c>RunAsync</c>, and MessagePack's annotations, which hold the
    /// <c>[MessagePackFormatter]</c> attribute users put on their types.
    /// </summary>
    private static IEnumerable<MetadataReference> TypedTasksRuntime()
    {
        var runtime = typeof(IBacktask).Assembly;
        var names = runtime.GetReferencedAssemblies().Select(a => a.Name!)
            .Append(runtime.GetName().Name!)
            .Append(typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions).Assembly.GetName().Name!)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.GetName().Name!)
            .Append(typeof(MessagePack.MessagePackFormatterAttribute).Assembly.GetName().Name!);
        return names.Distinct(StringComparer.Ordinal)
            .Select(name => Path.Combine(AppContext.BaseDirectory, name + ".dll"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    private static string Metadata(string key) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
