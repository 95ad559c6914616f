using System.Net;
using TypedTasks.Sample.Web.Tasks;
using Xunit;

namespace TypedTasks.Sample.Tests;

/// <summary>Time-driven jobs on the kit's fake clock: a receipt due ten minutes after the order, the daily digest at 08:00.</summary>
public sealed class ReceiptAndDigestTests
{
    [Fact]
    public async Task The_receipt_enqueued_through_TaskClient_Default_goes_out_ten_minutes_later()
    {
        await using var app = new SampleApp();

        var response = await app.Http.PostAsync("/orders/42/receipt", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(SampleApp.Start.AddMinutes(10), app.Testing.AssertEnqueued<SendReceipt>(t => t.OrderId == "42").DueAt);
        Assert.Empty(await app.Testing.RunAllAsync());
        await app.Testing.RunDueAsync(TimeSpan.FromMinutes(9));
        Assert.Empty(app.Mailbox.Sent);

        await app.Testing.RunDueAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["orders@example.com: Receipt for order 42"], app.Mailbox.Sent);
    }

    [Fact]
    public async Task The_daily_digest_goes_out_at_eight()
    {
        await using var app = new SampleApp();

        var runs = await app.Testing.RunDueAsync(TimeSpan.FromDays(1));

        var digest = Assert.Single(runs);
        Assert.Equal(SampleApp.Start.AddHours(1), digest.StartedAt);
        Assert.Equal(["team@example.com: Digest of 2031-03-04"], app.Mailbox.Sent);
    }
}
