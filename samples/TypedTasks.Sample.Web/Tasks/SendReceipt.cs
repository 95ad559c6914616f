using TypedTasks.Sample.Web.Mail;

namespace TypedTasks.Sample.Web.Tasks;

/// <summary>Mails the receipt of an order.</summary>
[Backtask(Name = "sample.send_receipt", Queue = "mail")]
public partial record SendReceipt(string OrderId) : IBacktask
{
    public Task RunAsync(IMailer mailer, CancellationToken cancellationToken) =>
        mailer.SendAsync("orders@example.com", $"Receipt for order {OrderId}", cancellationToken);
}
