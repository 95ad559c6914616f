using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TypedTasks.Sample.Web.Mail;
using TypedTasks.Sample.Web.Tasks;
using TypedTasks.Testing;
using Xunit;

namespace TypedTasks.Sample.Tests;

/// <summary><c>POST /signups</c> enqueues the welcome mail through an injected ITaskClient; the job sends it.</summary>
public sealed class SignupTests
{
    [Fact]
    public async Task Signing_up_enqueues_the_welcome_mail_and_sends_nothing_yet()
    {
        await using var app = new SampleApp();

        var response = await app.Http.PostAsJsonAsync("/signups", new Signup("ada@example.com"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = app.Testing.AssertEnqueued<SendWelcomeEmail>(t => t.Email == "ada@example.com");
        Assert.Equal("mail", job.Queue);
        Assert.Null(job.DueAt);
        Assert.Empty(app.Mailbox.Sent);
    }

    [Fact]
    public async Task Running_the_jobs_sends_the_welcome_mail()
    {
        await using var app = new SampleApp();
        await app.Http.PostAsJsonAsync("/signups", new Signup("ada@example.com"));

        await app.Testing.RunAllAsync();

        Assert.Equal(["ada@example.com: Welcome!"], app.Mailbox.Sent);
    }

    [Fact]
    public async Task A_failed_send_is_retried_after_the_default_backoff()
    {
        await using var app = new SampleApp(services: s => s.Replace(ServiceDescriptor.Singleton<IMailer>(sp =>
            new FlakyMailer(failures: 2, sp.GetRequiredService<Mailbox>()))));
        await app.Http.PostAsJsonAsync("/signups", new Signup("ada@example.com"));

        var first = Assert.Single(await app.Testing.RunAllAsync(throwOnFailure: false));
        Assert.Equal(JobOutcome.Retrying, first.Outcome);
        Assert.Equal("IOException: SMTP server not reachable", first.Error);
        // Sidekiq's curve: attempt⁴ + 15 + random(10 × (attempt + 1)) seconds, so the first retry is 16 to 35 s away.
        Assert.InRange(first.RetryAt!.Value - SampleApp.Start, TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(35));
        Assert.Empty(app.Mailbox.Sent);

        // The second retry is 31 to 60 s after the first: both fall within two minutes.
        var retries = await app.Testing.RunDueAsync(TimeSpan.FromMinutes(2), throwOnFailure: false);

        Assert.Equal([(2, JobOutcome.Retrying), (3, JobOutcome.Succeeded)], retries.Select(r => (r.Attempt, r.Outcome)));
        Assert.Equal(first.RetryAt, retries[0].StartedAt);
        Assert.Equal(["ada@example.com: Welcome!"], app.Mailbox.Sent);
    }

    [Fact]
    public async Task In_inline_mode_the_mail_is_sent_before_the_response()
    {
        await using var app = new SampleApp(TestMode.Inline);

        var response = await app.Http.PostAsJsonAsync("/signups", new Signup("ada@example.com"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["ada@example.com: Welcome!"], app.Mailbox.Sent);
    }

    [Fact]
    public async Task A_wrong_expectation_lists_what_was_enqueued()
    {
        await using var app = new SampleApp();
        await app.Http.PostAsJsonAsync("/signups", new Signup("ada@example.com"));
        var enqueued = Assert.Single(app.Testing.Enqueued());

        var error = Assert.Throws<TaskAssertionException>(() => app.Testing.AssertEnqueued<SendWelcomeEmail>(t => t.Email == "grace@example.com"));

        Assert.Equal($"""
            Expected a SendWelcomeEmail (sample.send_welcome_email) job matching t => t.Email == "grace@example.com" to be enqueued, but none of the 1 SendWelcomeEmail (sample.send_welcome_email) job(s) enqueued matches:
              - SendWelcomeEmail {"{"} Email = ada@example.com {"}"} on queue "mail", due at once, job {enqueued.Id}
            """, error.Message);
    }

    /// <summary>Fails its first sends as an unreachable SMTP server would.</summary>
    private sealed class FlakyMailer(int failures, Mailbox mailbox) : IMailer
    {
        private int _failuresLeft = failures;

        public Task SendAsync(string to, string subject, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                throw new IOException("SMTP server not reachable");
            mailbox.Add(to, subject);
            return Task.CompletedTask;
        }
    }
}
