using TypedTasks;

namespace TypedTasks.Sample.Tasks;

/// <summary>ZIO Backtask's <c>countFromTo</c>: prints a number, then enqueues itself for the next one after a delay.</summary>
[Backtask(Name = "sample.count-from-to")]
public partial record CountFromTo(int From, int To, int DelayMilliseconds) : IBacktask
{
    public async Task RunAsync(DemoLog log, TaskContext context, CancellationToken cancellationToken)
    {
        log.Ran($"[{context.Queue}] count: {From} of {To}");
        if (From < To)
            await new CountFromTo(From + 1, To, DelayMilliseconds).PerformIn(TimeSpan.FromMilliseconds(DelayMilliseconds), cancellationToken: cancellationToken);
    }
}
