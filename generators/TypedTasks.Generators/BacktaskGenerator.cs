using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedTasks.Generators;

/// <summary>
/// Finds every <c>partial</c> type that implements <c>IBacktask</c> and emits its serializer, runner, registry
/// entry and <c>Perform*</c> methods. Reports no diagnostics: TypedTasks.Analyzers explains what is skipped.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BacktaskGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>The task models.</summary>
        public const string Tasks = "TypedTasks.Tasks";
        /// <summary>The registry entries of all tasks.</summary>
        public const string Registry = "TypedTasks.Registry";
        /// <summary>The registries of referenced assemblies.</summary>
        public const string ReferencedRegistries = "TypedTasks.ReferencedRegistries";
        /// <summary>The assembly name.</summary>
        public const string AssemblyName = "TypedTasks.AssemblyName";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var tasks = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => NamesIBacktask(node), static (ctx, ct) => Transform(ctx, ct))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(Steps.Tasks);

        context.RegisterSourceOutput(tasks, static (spc, task) =>
            spc.AddSource(HintName(task), TaskEmitter.Emit(task)));

        var registry = tasks
            .Select(static (task, _) => new RegistryEntry(task.FullTypeName, task.WireName, task.ObsoleteWarnings))
            .Collect()
            .Select(static (entries, _) => new EquatableArray<RegistryEntry>(entries.OrderBy(e => e.FullTypeName, System.StringComparer.Ordinal)))
            .WithTrackingName(Steps.Registry);
        var assemblyName = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly")
            .WithTrackingName(Steps.AssemblyName);
        var referenced = context.CompilationProvider
            .Select(static (compilation, ct) => ReferencedRegistries(compilation, ct))
            .WithTrackingName(Steps.ReferencedRegistries);

        context.RegisterSourceOutput(registry.Combine(assemblyName).Combine(referenced), static (spc, input) =>
        {
            var ((entries, name), registries) = input;
            if (entries.Count == 0 && registries.Count == 0)
                return;
            spc.AddSource("TypedTasks.Registry.g.cs", RegistryEmitter.Emit(name, entries, registries));
        });
    }

    private static bool NamesIBacktask(SyntaxNode node)
    {
        if (node is not TypeDeclarationSyntax { BaseList: { } baseList })
            return false;
        foreach (var type in baseList.Types)
        {
            var name = type.Type switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (name == "IBacktask")
                return true;
        }
        return false;
    }

    private static TaskModel? Transform(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type)
            return null;
        // A partial type declared in several files is generated once, from its first declaration.
        if (type.DeclaringSyntaxReferences.Length > 1 && type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) != context.Node &&
            type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: not null } d && d != context.Node && NamesIBacktask(d) && IsEarlier(r, context.Node)))
            return null;
        return TaskParser.Parse(type, KnownTypes.GetValue(context.SemanticModel.Compilation, static c => new KnownTypeSymbols(c)), cancellationToken);
    }

    /// <summary>One lookup of the known types per compilation, shared by every task of that compilation.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownTypeSymbols> KnownTypes = new();

    private static bool IsEarlier(SyntaxReference reference, SyntaxNode node) =>
        string.CompareOrdinal(reference.SyntaxTree.FilePath, node.SyntaxTree.FilePath) < 0 ||
        reference.SyntaxTree == node.SyntaxTree && reference.Span.Start < node.SpanStart;

    private static EquatableArray<string> ReferencedRegistries(Compilation compilation, CancellationToken cancellationToken)
    {
        var attribute = compilation.GetTypeByMetadataName("TypedTasks.GeneratedTaskRegistryAttribute");
        if (attribute is null)
            return EquatableArray<string>.Empty;
        var registries = new List<string>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var data in assembly.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute) &&
                    data.ConstructorArguments.Length == 1 && data.ConstructorArguments[0].Value is INamedTypeSymbol registry &&
                    compilation.IsSymbolAccessibleWithin(registry, compilation.Assembly))
                    registries.Add(TypeShapeReader.FullName(registry));
            }
        }
        registries.Sort(System.StringComparer.Ordinal);
        return new EquatableArray<string>(registries);
    }

    private static string HintName(TaskModel task) => task.HintName + ".g.cs";
}
