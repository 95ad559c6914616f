using Microsoft.CodeAnalysis;
using TypedTasks.Generators;
using Xunit;
using static TypedTasks.Analyzers.Tests.Sources;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// The analyzer, the shared type-shape reader and the generator agree: a member type the analyzer accepts is one the
/// generator writes a serializer for, and every task the generator skips gets an error explaining why.
/// </summary>
public class AgreementTests
{
    private const string HelperTypes = """
        namespace Table
        {
            public enum Color { Red, Green }
            public sealed record Address(string Street, int Number);
            public struct Point { public int X { get; set; } }
            public sealed record Node(string Name, List<Node> Children);
            public sealed class Settings { public string Mode { get; set; } = ""; }
            public sealed record Attachment(string Name, Stream Data);
            public abstract class Shape { public int Sides { get; set; } }
            public sealed class NoConstructor { public NoConstructor(int unrelated) { } public int Value { get; } }
        }
        """;

    private static readonly (string Type, bool Supported)[] TypeTable =
    [
        ("bool", true), ("byte", true), ("sbyte", true), ("short", true), ("ushort", true), ("int", true), ("uint", true),
        ("long", true), ("ulong", true), ("char", true), ("float", true), ("double", true), ("decimal", true),
        ("string", true), ("string?", true), ("DateTime", true), ("DateTimeOffset", true), ("TimeSpan", true),
        ("Guid", true), ("DateOnly", true), ("TimeOnly", true), ("byte[]", true), ("byte[]?", true), ("int?", true),
        ("Color", true), ("Color?", true), ("int[]", true), ("string[][]", true), ("List<int>", true), ("IList<string>", true),
        ("ICollection<long>", true), ("IReadOnlyList<Guid>", true), ("IReadOnlyCollection<byte>", true),
        ("IEnumerable<double>", true), ("HashSet<string>", true), ("ISet<int>", true), ("Dictionary<string, int>", true),
        ("IDictionary<int, string>", true), ("IReadOnlyDictionary<Guid, Color>", true), ("Dictionary<Color, List<string>>", true),
        ("Address", true), ("Address?", true), ("Point", true), ("Point?", true), ("List<Address>", true), ("Node", true), ("Settings", true),

        ("object", false), ("object?", false), ("dynamic", false), ("Stream", false), ("MemoryStream", false), ("Func<int>", false),
        ("Action", false), ("Delegate", false), ("Task", false), ("Task<int>", false), ("ValueTask", false), ("ValueTask<int>", false),
        ("IntPtr", false), ("nuint", false), ("Type", false), ("Exception", false), ("InvalidOperationException", false),
        ("int[,]", false), ("IComparable", false), ("IDisposable", false), ("Shape", false), ("NoConstructor", false),
        ("Attachment", false), ("List<object>", false), ("Dictionary<string, Stream>", false), ("Dictionary<Address, int>", false),
        ("Dictionary<double, int>", false), ("List<Attachment>", false), ("Func<int>[]", false),
        ("Microsoft.Extensions.Logging.ILogger", false), ("Microsoft.Extensions.Logging.ILogger<Table.Color>", false),
        ("CancellationToken", false), ("IServiceProvider", false), ("System.Net.Http.HttpClient", false), ("TaskContext", false),
    ];

    public static TheoryData<int> TypeRows() => new(Enumerable.Range(0, TypeTable.Length));

    private static readonly Lazy<TypeTableResult> TypeTableRun = new(RunTypeTable);

    [Theory]
    [MemberData(nameof(TypeRows))]
    public void AnalyzerReaderAndGeneratorAgreeOnEachMemberType(int row)
    {
        var (type, supported) = TypeTable[row];
        var result = TypeTableRun.Value;
        var reported = result.Diagnostics.Where(d => d.Location.SourceSpan == result.MemberTypeSpans[row]).Select(d => d.Id).ToList();
        var others = result.Diagnostics.Where(d => d.Location.SourceSpan.IntersectsWith(result.TaskSpans[row]) && !reported.Contains(d.Id)).ToList();
        Assert.Empty(others);

        var known = new KnownTypeSymbols(result.Compilation);
        var task = result.Compilation.GetTypeByMetadataName($"Table.T{row}")!;
        var reader = new TypeShapeReader(known);
        bool readerAccepts = reader.ReadObject(task, out var error, isTask: true) is not null;
        bool generated = result.HintNames.Contains(GeneratorRun.HintName($"Table.T{row}"));

        Assert.True(supported == readerAccepts, $"'{type}': the shared reader says {(readerAccepts ? "supported" : "unsupported: " + error!.Reason)}");
        Assert.True(supported == generated, $"'{type}': the generator {(generated ? "emitted" : "did not emit")} a serializer");
        if (supported)
            Assert.Empty(reported);
        else
            Assert.Equal([reader.ServiceReason(Unwrap(task.GetMembers("Value").OfType<IPropertySymbol>().Single().Type)) is null ? "TT2001" : "TT2002"], reported);
    }

    [Fact]
    public void GeneratedSerializersForTheSupportedRowsCompile()
    {
        var errors = TypeTableRun.Value.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static TypeTableResult RunTypeTable()
    {
        var source = new System.Text.StringBuilder(Usings + HelperTypes + "\nnamespace Table\n{\n");
        var memberTypeSpans = new Microsoft.CodeAnalysis.Text.TextSpan[TypeTable.Length];
        var taskSpans = new Microsoft.CodeAnalysis.Text.TextSpan[TypeTable.Length];
        for (int i = 0; i < TypeTable.Length; i++)
        {
            int start = source.Length;
            source.Append($"    public partial record T{i}(");
            memberTypeSpans[i] = new(source.Length, TypeTable[i].Type.Length);
            source.Append($"{TypeTable[i].Type} Value) : IBacktask {{ {Run} }}");
            taskSpans[i] = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, source.Length);
            source.Append('\n');
        }
        source.Append("}\n");
        var compilation = TestCompilation.Create(source.ToString());
        var (hintNames, output) = GeneratorRun.Run(compilation);
        return new TypeTableResult(compilation, TestCompilation.AnalyzerDiagnostics(compilation), memberTypeSpans, taskSpans, hintNames, output.GetDiagnostics());
    }

    private static ITypeSymbol Unwrap(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private sealed record TypeTableResult(
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation Compilation,
        System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics,
        Microsoft.CodeAnalysis.Text.TextSpan[] MemberTypeSpans,
        Microsoft.CodeAnalysis.Text.TextSpan[] TaskSpans,
        System.Collections.Immutable.ImmutableHashSet<string> HintNames,
        System.Collections.Immutable.ImmutableArray<Diagnostic> OutputDiagnostics);
}
