using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>
/// TaskClient.Default is one per process; under the kit it leads to the application being tested, and refuses to
/// guess when several are live.
/// </summary>
public sealed class DefaultClientTests
{
    [Fact]
    public async Task With_two_live_applications_a_parameterless_enqueue_is_refused_with_the_fix()
    {
        await using var first = await TestApp.StartAsync();
        await using var second = await TestApp.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SendEmail("a@b.c", "Hi").PerformAsync().AsTask());

        Assert.StartsWith("2 TypedTasks test harnesses are live in this process", error.Message);
        Assert.Empty(first.Testing.Enqueued());
        Assert.Empty(second.Testing.Enqueued());
    }

    [Fact]
    public async Task A_job_run_by_a_harness_enqueues_into_that_harness_even_beside_another()
    {
        await using var first = await TestApp.StartAsync();
        await using var second = await TestApp.StartAsync();
        await new Register("a@b.c").PerformAsync(second.Client);

        await second.Testing.RunAllAsync();

        second.Testing.AssertEnqueued<SendEmail>(t => t.To == "a@b.c");
        Assert.Empty(first.Testing.Enqueued());
    }

    [Fact]
    public async Task A_disposed_application_no_longer_receives_jobs()
    {
        var app = await TestApp.StartAsync();
        await app.DisposeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SendEmail("a@b.c", "Hi").PerformAsync().AsTask());

        Assert.StartsWith("TaskClient.Default belongs to the TypedTasks test kit, but no test harness is live", error.Message);
    }
}
