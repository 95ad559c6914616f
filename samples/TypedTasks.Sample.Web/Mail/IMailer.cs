namespace TypedTasks.Sample.Web.Mail;

/// <summary>Sends mail (SMTP in a real application).</summary>
public interface IMailer
{
    /// <summary>Sends one message.</summary>
    Task SendAsync(string to, string subject, CancellationToken cancellationToken);
}
