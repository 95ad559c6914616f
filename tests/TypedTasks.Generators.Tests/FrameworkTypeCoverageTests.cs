using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// No .NET type compiles as a task member and then loses data: every public value type and collection of the
/// framework assemblies below (closed over <c>int</c> and <c>string</c> when generic), and the classes TypedTasks maps,
/// is declared as the member of a task. Each is either refused (TT2001, or TT2002 for runtime objects) with a message
/// about the type itself, or generated; a generated one must be round-trip-tested: enums here, one by one, every
/// other type by a task of the valid corpus (<see cref="CorpusTests"/>) that has a member of it.
/// </summary>
public sealed class FrameworkTypeCoverageTests(ITestOutputHelper output)
{
    private static readonly string[] Assemblies =
    [
        "System.Runtime", "System.Collections", "System.Collections.Concurrent", "System.Collections.Immutable",
        "System.Collections.NonGeneric", "System.Collections.Specialized", "System.ObjectModel",
        "System.Runtime.Numerics", "System.Numerics.Vectors",
    ];

    /// <summary>Classes that are neither value types nor collections but that TypedTasks maps (TT2001's list).</summary>
    private static readonly string[] MappedClasses =
        ["System.String", "System.Version", "System.Uri", "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`7", "System.Tuple`8"];

    private sealed record Probe(string Task, INamedTypeSymbol Type)
    {
        public string Display => Type.ToDisplayString();
    }

    [Fact]
    public async Task Every_plausible_framework_member_type_is_refused_or_round_trip_tested()
    {
        var probes = PlausibleTypes().Select((type, i) => new Probe($"Probe{i:D4}", type)).ToList();
        var compilation = GeneratorHarness.Compilation("FrameworkProbe", Source(probes));
        var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(userErrors.Count == 0, "The probe tasks do not compile:\n" + string.Join("\n", userErrors.Take(20)));

        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        // The probes' own uses of obsolete types warn, as they would in a user's project; generated code must add nothing.
        var generatedProblems = generated.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !(d.Location.SourceTree is { } tree && compilation.SyntaxTrees.Contains(tree))).ToList();
        Assert.True(generatedProblems.Count == 0, "Generated code does not compile:\n" + string.Join("\n", generatedProblems.Take(20)));

        var analyzers = new DiagnosticAnalyzer[] { new TypedTasks.Analyzers.TaskDeclarationAnalyzer(), new TypedTasks.Analyzers.TaskMemberAnalyzer() };
        var diagnostics = (await compilation.WithAnalyzers([.. analyzers]).GetAnalyzerDiagnosticsAsync())
            .ToLookup(d => d.Location.SourceTree!.GetRoot().FindToken(d.Location.SourceSpan.Start).Parent!.AncestorsAndSelf()
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>().First().Identifier.Text);

        var covered = CorpusMemberTypes();
        var assembly = Load(generated);
        var refused = new List<string>();
        var services = new List<string>();
        var supported = new List<string>();
        var failures = new List<string>();
        foreach (var probe in probes)
        {
            var found = diagnostics[probe.Task].ToList();
            if (found.Count > 1 || found.Count == 1 && found[0].Id is not ("TT2001" or "TT2002"))
            {
                failures.Add($"{probe.Display}: {string.Join("; ", found)}");
                continue;
            }
            if (found.Count == 1)
            {
                string message = found[0].GetMessage();
                // The reason is about the type itself, never about a member inside it (SortedDictionary used to get
                // one about its Comparer).
                if (!message.Contains($"its type '{probe.Display}' ", StringComparison.Ordinal) && found[0].Id == "TT2001" || message.Contains("has a member", StringComparison.Ordinal))
                    failures.Add($"{probe.Display}: refused without naming the type: {message}");
                (found[0].Id == "TT2001" ? refused : services).Add($"{probe.Display}: {message}");
                continue;
            }
            supported.Add(probe.Display);
            if (probe.Type.TypeKind == TypeKind.Enum)
                RoundTripEnum(assembly.GetType("Probe." + probe.Task)!, failures);
            else if (!covered.Contains(MetadataName(probe.Type)))
                failures.Add($"{probe.Display}: generated, but no task of the valid corpus has a member of it");
        }

        output.WriteLine($"{probes.Count} types: {supported.Count} supported ({probes.Count(p => p.Type.TypeKind == TypeKind.Enum)} enums), " +
                         $"{refused.Count} refused with TT2001, {services.Count} with TT2002.");
        output.WriteLine("Supported:\n  " + string.Join("\n  ", supported));
        output.WriteLine("Refused:\n  " + string.Join("\n  ", refused.Concat(services)));
        Assert.True(probes.Count >= 300, $"only {probes.Count} types were enumerated");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Writes the task holding the enum's last declared value (or 0), reads it back and compares.</summary>
    private static void RoundTripEnum(Type task, List<string> failures)
    {
        var enumType = task.GetConstructors().Single().GetParameters()[0].ParameterType;
        var values = Enum.GetValuesAsUnderlyingType(enumType);
        object value = values.Length > 0 ? Enum.ToObject(enumType, values.GetValue(values.Length - 1)!) : Activator.CreateInstance(enumType)!;
        var sample = Activator.CreateInstance(task, value)!;
        try
        {
            MemberComparer.AssertEqual(sample, GeneratedTasks.Read(task, GeneratedTasks.Write(sample)), enumType.FullName!);
        }
        catch (Exception e)
        {
            failures.Add($"{enumType}: {e.Message}");
        }
    }

    /// <summary>
    /// The public value types and collections of <see cref="Assemblies"/> that a record member can have (not ref
    /// structs, not static, obsolete as an error or experimental), and <see cref="MappedClasses"/>, closed.
    /// </summary>
    private static List<INamedTypeSymbol> PlausibleTypes()
    {
        var compilation = GeneratorHarness.Compilation("FrameworkTypes");
        var types = new List<INamedTypeSymbol>();
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly || !Assemblies.Contains(assembly.Name))
                continue;
            foreach (var type in PublicTypes(assembly.GlobalNamespace).Where(t => IsPlausible(t, compilation)))
            {
                if (Close(type, compilation) is { } closed)
                    types.Add(closed);
            }
        }
        return types.OrderBy(t => t.ToDisplayString(), StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in PublicTypes(ns))
                    yield return type;
            }
            else if (member is INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type)
            {
                yield return type;
                foreach (var nested in PublicTypes(type))
                    yield return nested;
            }
        }
    }

    private static bool IsPlausible(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.IsStatic || type.IsRefLikeType || type.SpecialType == SpecialType.System_Void || type.TypeKind == TypeKind.Delegate ||
            type.GetAttributes().Any(a => a.AttributeClass?.Name is "ExperimentalAttribute" ||
                                          a.AttributeClass?.Name == "ObsoleteAttribute" && a.ConstructorArguments is [_, { Value: true }]))
            return false;
        if (MappedClasses.Contains(MetadataName(type)) || type.IsValueType)
            return true;
        var enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        return SymbolEqualityComparer.Default.Equals(type, enumerable) || type.AllInterfaces.Contains(enumerable, SymbolEqualityComparer.Default);
    }

    /// <summary>
    /// The type with its type parameters (and its containers') set: keys are strings, everything else int, or double
    /// or string where a constraint asks for it; null when none of these fits (marshallers, delegate enumerators).
    /// </summary>
    private static INamedTypeSymbol? Close(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.ContainingType is { } container)
        {
            if (Close(container, compilation) is not { } closedContainer)
                return null;
            type = closedContainer.GetTypeMembers(type.Name, type.Arity).Single();
        }
        if (type.Arity == 0)
            return type;
        var int32 = compilation.GetSpecialType(SpecialType.System_Int32);
        var text = compilation.GetSpecialType(SpecialType.System_String);
        var number = compilation.GetSpecialType(SpecialType.System_Double);
        var arguments = new ITypeSymbol[type.Arity];
        for (int i = 0; i < type.Arity; i++)
        {
            var parameter = type.TypeParameters[i];
            ITypeSymbol[] candidates = parameter.Name == "TRest"
                ? [type.ContainingNamespace.GetTypeMembers(type.Name, 1).Single().Construct(int32)]
                : i == 0 && type.Arity >= 2 ? [text, int32, number] : [int32, text, number];
            var chosen = candidates.FirstOrDefault(c => Satisfies(c, parameter, compilation));
            if (chosen is null)
                return null;
            arguments[i] = chosen;
        }
        return type.Construct(arguments);
    }

    private static bool Satisfies(ITypeSymbol candidate, ITypeParameterSymbol parameter, Compilation compilation)
    {
        if (parameter.HasReferenceTypeConstraint && !candidate.IsReferenceType ||
            (parameter.HasValueTypeConstraint || parameter.HasUnmanagedTypeConstraint || parameter.HasConstructorConstraint) && !candidate.IsValueType)
            return false;
        foreach (var constraint in parameter.ConstraintTypes)
        {
            var required = constraint is INamedTypeSymbol { IsGenericType: true } generic
                ? generic.OriginalDefinition.Construct(generic.TypeArguments.Select(a => SymbolEqualityComparer.Default.Equals(a, parameter) ? candidate : a).ToArray())
                : constraint;
            if (((Microsoft.CodeAnalysis.CSharp.CSharpCompilation)compilation).ClassifyConversion(candidate, required) is not { IsIdentity: true } and not { IsImplicit: true, IsReference: true } and not { IsBoxing: true })
                return false;
        }
        return true;
    }

    private static string Source(IEnumerable<Probe> probes)
    {
        var source = new StringBuilder("namespace Probe;\n");
        foreach (var probe in probes)
            source.Append($"public partial record {probe.Task}({probe.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} Value) : global::TypedTasks.IBacktask ")
                .AppendLine("{ public global::System.Threading.Tasks.Task RunAsync() => global::System.Threading.Tasks.Task.CompletedTask; }");
        return source.ToString();
    }

    /// <summary>The metadata names of every type a member of the valid corpus has, its type arguments and elements included.</summary>
    private static HashSet<string> CorpusMemberTypes()
    {
        var compilation = GeneratorHarness.Compilation("CorpusTypes", Corpus.Sources("Valid"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    Add(array.ElementType);
                    break;
                case INamedTypeSymbol named when names.Add(MetadataName(named)):
                    foreach (var argument in named.TypeArguments)
                        Add(argument);
                    break;
            }
        }
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>())
            {
                foreach (var member in ((INamedTypeSymbol)model.GetDeclaredSymbol(declaration)!).GetMembers().Where(m => !m.IsStatic))
                {
                    if (member is IPropertySymbol property)
                        Add(property.Type);
                    else if (member is IFieldSymbol field)
                        Add(field.Type);
                }
            }
        }
        return names;
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        return type.ContainingType is { } container ? MetadataName(container) + "+" + type.MetadataName
            : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName
            : type.MetadataName;
    }

    private static System.Reflection.Assembly Load(Compilation generated)
    {
        using var stream = new MemoryStream();
        var emit = generated.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Take(20)));
        stream.Position = 0;
        return new AssemblyLoadContext("FrameworkProbe" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }
}
