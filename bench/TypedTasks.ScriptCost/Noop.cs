using TypedTasks;

namespace TypedTasks.ScriptCost;

/// <summary>The job whose scripts are measured; it never runs here.</summary>
[Backtask(Name = "bench.noop")]
public partial record Noop(long Stamp) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}
