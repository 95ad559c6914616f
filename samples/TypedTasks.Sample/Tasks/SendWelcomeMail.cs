using TypedTasks;

namespace TypedTasks.Sample.Tasks;

/// <summary>A delayed job on its own queue: "sends" a welcome mail (records that it would have).</summary>
[Backtask(Name = "sample.send-welcome-mail", Queue = "mail", TimeoutSeconds = 30)]
public partial record SendWelcomeMail(string To, string Subject, DateTimeOffset RequestedAt) : IBacktask
{
    public Task RunAsync(DemoLog log, TaskContext context)
    {
        var delay = DateTimeOffset.UtcNow - RequestedAt;
        log.Ran($"[{context.Queue}] mail sent to {To}: \"{Subject}\" ({delay.TotalSeconds:0.0} s after it was requested)");
        return Task.CompletedTask;
    }
}
