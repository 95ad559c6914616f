namespace TypedTasks.Sample.Web.Mail;

/// <summary>The sample's mailer: logs each message and keeps it in the <see cref="Mailbox"/>.</summary>
public sealed class LogMailer(Mailbox mailbox, ILogger<LogMailer> log) : IMailer
{
    /// <inheritdoc />
    public Task SendAsync(string to, string subject, CancellationToken cancellationToken)
    {
        log.LogInformation("Mail to {To}: {Subject}", to, subject);
        mailbox.Add(to, subject);
        return Task.CompletedTask;
    }
}
