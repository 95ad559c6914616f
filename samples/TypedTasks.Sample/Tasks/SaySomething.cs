using TypedTasks;

namespace TypedTasks.Sample.Tasks;

/// <summary>ZIO Backtask's <c>saySomething</c>.</summary>
[Backtask(Name = "sample.say-something")]
public partial record SaySomething(string Message) : IBacktask
{
    public Task RunAsync(DemoLog log, TaskContext context)
    {
        log.Ran($"[{context.Queue}] say: {Message}");
        return Task.CompletedTask;
    }
}
