// Valid corpus: payloads nested up to the reader's limit of 64 arrays and maps (MessagePackReaderChecks.MaxDepth).
// DepthTests builds them at and beyond the limit; the samples here are shallow.
using System.Collections.Generic;
using System.Threading.Tasks;
using TypedTasks;

namespace Corpus.Depth;

public sealed record Level(int Value, Level? Next);

public sealed record Branch(string Name, List<Branch>? Children);

// Each Level is one map inside the task's map: 63 levels make 64 nested maps.
public partial record Chain(Level? Head) : IBacktask
{
    public static Chain Sample => new(new Level(1, new Level(2, null)));
    public Task RunAsync() => Task.CompletedTask;
}

// Each Branch is a map and its children an array: two containers per level.
public partial record Tree(Branch Root) : IBacktask
{
    public static Tree Sample => new(new Branch("root", new() { new Branch("leaf", null) }));
    public Task RunAsync() => Task.CompletedTask;
}

// Collections nest without records: a list of lists of lists...
public partial record Lists(List<List<List<int>>> Cube) : IBacktask
{
    public static Lists Sample => new(new List<List<List<int>>> { new() { new() { 1 } } });
    public Task RunAsync() => Task.CompletedTask;
}
