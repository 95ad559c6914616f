using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedTasks;
using TypedTasks.Generators;

// How long the generator takes on a compilation with many tasks: a cold run (a fresh driver, as on a full build)
// and a warm run after a one-line edit (as in the IDE).
//   dotnet run -c Release --project bench/TypedTasks.GeneratorBenchmark -- [tasks]
int taskCount = args.Length > 0 ? int.Parse(args[0]) : 500;
var source = new StringBuilder("using System; using System.Collections.Generic; using System.Threading.Tasks; using TypedTasks;\nnamespace Bench;\n");
source.Append("public sealed record Line(string Sku, int Qty, decimal Price);\n");
for (int i = 0; i < taskCount; i++)
    source.Append($"public partial record Task{i}(int Id, string Name, DateTime At, List<Line> Lines, Dictionary<string, int>? Tags, double Ratio = 1) : IBacktask {{ public Task RunAsync() => Task.CompletedTask; }}\n");

var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
    .Append(typeof(IBacktask).Assembly.Location)
    .Select(p => MetadataReference.CreateFromFile(p)).ToList();
var parse = new CSharpParseOptions(LanguageVersion.Latest);
var tree = CSharpSyntaxTree.ParseText(source.ToString(), parse, "Tasks.cs");
var compilation = CSharpCompilation.Create("Bench", [tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

var cold = new List<double>();
var warm = new List<double>();
GeneratorDriver? last = null;
for (int run = 0; run < 6; run++)
{
    var driver = CSharpGeneratorDriver.Create([new BacktaskGenerator().AsSourceGenerator()], parseOptions: parse);
    var fresh = CSharpCompilation.Create("Bench", [CSharpSyntaxTree.ParseText(source.ToString(), parse, "Tasks.cs")], references, compilation.Options);
    var stopwatch = Stopwatch.StartNew();
    last = driver.RunGenerators(fresh);
    cold.Add(stopwatch.Elapsed.TotalMilliseconds);

    var edited = fresh.ReplaceSyntaxTree(fresh.SyntaxTrees.First(),
        CSharpSyntaxTree.ParseText(source.ToString().Replace("Task.CompletedTask; }\npublic partial record Task1(", "Task.CompletedTask; }\n\npublic partial record Task1("), parse, "Tasks.cs"));
    stopwatch.Restart();
    last = last.RunGenerators(edited);
    warm.Add(stopwatch.Elapsed.TotalMilliseconds);
}

var result = last!.GetRunResult();
Console.WriteLine($"{taskCount} tasks -> {result.GeneratedTrees.Length} files, {result.Diagnostics.Length} diagnostics");
Console.WriteLine($"cold run (fresh driver): first {cold[0]:0} ms, median of the next 5 {cold.Skip(1).Order().ElementAt(2):0} ms");
Console.WriteLine($"warm run after an edit:  median {warm.Skip(1).Order().ElementAt(2):0} ms");
