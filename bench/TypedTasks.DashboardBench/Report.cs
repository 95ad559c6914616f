namespace TypedTasks.DashboardBench;

/// <summary>A job the benchmark fills its queue with: a payload of a typical size (about 100 bytes).</summary>
[Backtask(Name = "bench.report", Queue = "reports")]
public partial record Report(int Customer, string Title, DateTime Day) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}
