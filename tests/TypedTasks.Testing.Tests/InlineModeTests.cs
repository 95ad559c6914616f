using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>In inline mode PerformAsync runs the job in the caller before it returns, like Sidekiq's inline mode.</summary>
public sealed class InlineModeTests
{
    [Fact]
    public async Task PerformAsync_runs_the_job_and_the_jobs_it_enqueues_before_returning()
    {
        await using var app = await TestApp.StartAsync(TestMode.Inline);

        await new Register("a@b.c").PerformAsync();

        Assert.Equal(["registered a@b.c", "mail to a@b.c: Welcome (attempt 1)"], app.Outbox.Entries);
    }

    [Fact]
    public async Task A_failing_job_throws_from_PerformAsync()
    {
        await using var app = await TestApp.StartAsync(TestMode.Inline);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => new Flaky(FailTimes: 1).PerformAsync(app.Client).AsTask());

        Assert.Equal("boom on attempt 1", error.InnerException!.Message);
        Assert.Equal(JobOutcome.Retrying, error.Run.Outcome);
    }

    [Fact]
    public async Task A_job_due_later_waits_for_the_clock()
    {
        await using var app = await TestApp.StartAsync(TestMode.Inline);

        await new SendEmail("later@x", "Hi").PerformIn(app.Client, TimeSpan.FromMinutes(1));
        Assert.Empty(app.Outbox.Entries);
        await app.Testing.RunDueAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["mail to later@x: Hi (attempt 1)"], app.Outbox.Entries);
    }

    [Fact]
    public async Task The_mode_can_change_during_a_test()
    {
        await using var app = await TestApp.StartAsync();
        await new SendEmail("recorded@x", "Hi").PerformAsync(app.Client);

        app.Testing.Mode = TestMode.Inline;
        await new SendEmail("inline@x", "Hi").PerformAsync(app.Client);

        Assert.Equal(["mail to recorded@x: Hi (attempt 1)", "mail to inline@x: Hi (attempt 1)"], app.Outbox.Entries);
    }
}
