using TypedTasks.Sample.Web.Mail;

namespace TypedTasks.Sample.Web.Tasks;

/// <summary>Welcomes a new user; a failed send is retried with the default backoff.</summary>
[Backtask(Name = "sample.send_welcome_email", Queue = "mail")]
public partial record SendWelcomeEmail(string Email) : IBacktask
{
    public Task RunAsync(IMailer mailer, CancellationToken cancellationToken) =>
        mailer.SendAsync(Email, "Welcome!", cancellationToken);
}
