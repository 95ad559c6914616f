using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>A wrong expectation fails with a message that says what was expected and lists what was enqueued instead.</summary>
public sealed class AssertionMessageTests
{
    [Fact]
    public async Task AssertEnqueued_returns_the_matching_job()
    {
        await using var app = await TestApp.StartAsync();
        await new SendEmail("a@b.c", "Hi").PerformAsync(app.Client);

        var job = app.Testing.AssertEnqueued<SendEmail>(t => t.To == "a@b.c");

        Assert.Equal("Hi", job.Task.Subject);
    }

    [Fact]
    public async Task A_predicate_no_job_matches_lists_the_jobs_of_the_task_and_the_others()
    {
        await using var app = await TestApp.StartAsync();
        var first = await new SendEmail("x@y.z", "Welcome").PerformAsync(app.Client);
        var second = await new SendEmail("q@r.s", "Digest").PerformIn(app.Client, TimeSpan.FromSeconds(90));
        var other = await new Tick("nightly").PerformAsync(app.Client);

        var error = Assert.Throws<TaskAssertionException>(() => app.Testing.AssertEnqueued<SendEmail>(t => t.To == "a@b"));

        Assert.Equal($"""
            Expected a SendEmail (kit.send_email) job matching t => t.To == "a@b" to be enqueued, but none of the 2 SendEmail (kit.send_email) job(s) enqueued matches:
              - SendEmail {"{"} To = x@y.z, Subject = Welcome {"}"} on queue "mail", due at once, job {first}
              - SendEmail {"{"} To = q@r.s, Subject = Digest {"}"} on queue "mail", due 2031-03-04 07:59:30Z (90 s after its enqueue), job {second}

            Other jobs enqueued (1):
              - kit.tick on queue "default", due at once, job {other}
            """, error.Message);
    }

    [Fact]
    public async Task No_job_of_the_task_lists_what_was_enqueued()
    {
        await using var app = await TestApp.StartAsync();
        var other = await new Tick("nightly").PerformAsync(app.Client);

        var error = Assert.Throws<TaskAssertionException>(() => app.Testing.AssertEnqueued<SendEmail>());

        Assert.Equal($"""
            Expected a SendEmail (kit.send_email) job to be enqueued, but no SendEmail (kit.send_email) job was. Jobs enqueued (1):
              - kit.tick on queue "default", due at once, job {other}
            """, error.Message);
    }

    [Fact]
    public async Task Nothing_enqueued_says_so()
    {
        await using var app = await TestApp.StartAsync();

        var error = Assert.Throws<TaskAssertionException>(() => app.Testing.AssertEnqueued<SendEmail>(t => t.Subject == "Hi"));

        Assert.Equal("Expected a SendEmail (kit.send_email) job matching t => t.Subject == \"Hi\" to be enqueued, but no job was enqueued.", error.Message);
    }

    [Fact]
    public async Task AssertNotEnqueued_lists_the_jobs_that_match()
    {
        await using var app = await TestApp.StartAsync();
        var id = await new SendEmail("a@b.c", "Hi").PerformAsync(app.Client);
        app.Testing.AssertNotEnqueued<SendEmail>(t => t.To == "nobody");

        var error = Assert.Throws<TaskAssertionException>(() => app.Testing.AssertNotEnqueued<SendEmail>(t => t.To == "a@b.c"));

        Assert.Equal($"""
            Expected no SendEmail (kit.send_email) job matching t => t.To == "a@b.c" to be enqueued, but 1 was:
              - SendEmail {"{"} To = a@b.c, Subject = Hi {"}"} on queue "mail", due at once, job {id}
            """, error.Message);
    }
}
