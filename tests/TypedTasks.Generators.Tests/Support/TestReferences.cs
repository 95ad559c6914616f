using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// What user code in these tests compiles against: the reference assemblies of the SDK's own targeting pack
/// (<c>packs/Microsoft.NETCore.App.Ref</c> beside the running runtime), TypedTasks, MessagePack-CSharp and DI
/// abstractions. <see cref="ReferenceAssemblies"/> would otherwise download a reference pack from NuGet at test time,
/// which a machine without that feed cannot do; the SDK that builds the tests always has the pack.
/// </summary>
public static class TestReferences
{
    /// <summary>No package to resolve, so the testing library downloads nothing; <see cref="All"/> supplies the references.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All => Lazy.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(() =>
        [.. FrameworkReferenceAssemblies().Concat(
        [
            typeof(IBacktask).Assembly.Location,
            typeof(global::MessagePack.MessagePackWriter).Assembly.Location,
            typeof(global::MessagePack.MessagePackFormatterAttribute).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions).Assembly.Location,
        ]).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);

    private static IEnumerable<string> FrameworkReferenceAssemblies()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.0
        var runtime = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        string dotnet = runtime.Parent!.Parent!.Parent!.FullName;
        string framework = $"net{Environment.Version.Major}.0";
        var packs = new DirectoryInfo(Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref"));
        var pack = packs.Exists
            ? packs.GetDirectories().Where(d => Directory.Exists(Path.Combine(d.FullName, "ref", framework)))
                .OrderByDescending(d => Version.TryParse(d.Name.Split('-')[0], out var v) ? v : new Version()).FirstOrDefault()
            : null;
        if (pack is null)
            throw new InvalidOperationException($"No {framework} targeting pack under {packs.FullName}: the .NET SDK that builds these tests ships one.");
        return Directory.GetFiles(Path.Combine(pack.FullName, "ref", framework), "*.dll");
    }
}
