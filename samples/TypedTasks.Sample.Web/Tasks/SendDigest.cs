using TypedTasks.Sample.Web.Mail;

namespace TypedTasks.Sample.Web.Tasks;

/// <summary>The daily digest, enqueued by the worker's cron schedule.</summary>
[Backtask(Name = "sample.send_digest")]
public partial record SendDigest : IBacktask
{
    public Task RunAsync(IMailer mailer, TaskContext context, CancellationToken cancellationToken) =>
        mailer.SendAsync("team@example.com", $"Digest of {context.EnqueuedAt:yyyy-MM-dd}", cancellationToken);
}
