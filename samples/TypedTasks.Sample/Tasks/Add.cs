using TypedTasks;

namespace TypedTasks.Sample.Tasks;

/// <summary>ZIO Backtask's <c>add</c>: adds two numbers on the <c>math</c> queue.</summary>
[Backtask(Name = "sample.add", Queue = "math", MaxRetries = 5)]
public partial record Add(int A, int B) : IBacktask
{
    public Task<int> RunAsync(DemoLog log, TaskContext context)
    {
        log.Ran($"[{context.Queue}] add: {A} + {B} = {A + B}");
        return Task.FromResult(A + B);
    }
}
