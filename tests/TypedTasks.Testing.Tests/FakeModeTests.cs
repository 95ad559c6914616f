using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>In fake mode an enqueue is recorded with its queue, due time and options, and nothing runs.</summary>
public sealed class FakeModeTests
{
    [Fact]
    public async Task Enqueues_are_recorded_with_queue_due_time_and_options_and_nothing_runs()
    {
        await using var app = await TestApp.StartAsync();

        await new SendEmail("a@b.c", "Hi").PerformAsync(app.Client);
        await new SendEmail("d@e.f", "Later").PerformIn(app.Client, TimeSpan.FromMinutes(5), queue: "slow",
            options: new JobOptions { MaxRetries = 2, Timeout = TimeSpan.FromSeconds(30) });

        var jobs = app.Testing.Enqueued<SendEmail>();
        Assert.Equal(2, jobs.Count);
        Assert.Equal(new SendEmail("a@b.c", "Hi"), jobs[0].Task);
        Assert.Equal("mail", jobs[0].Queue);
        Assert.Null(jobs[0].DueAt);
        Assert.Equal(TaskOptions.DefaultMaxRetries, jobs[0].MaxRetries);
        Assert.Equal("slow", jobs[1].Queue);
        Assert.Equal(TestApp.Start.AddMinutes(5), jobs[1].DueAt);
        Assert.Equal(2, jobs[1].MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), jobs[1].Timeout);
        Assert.Empty(app.Outbox.Entries);
    }

    [Fact]
    public async Task TaskClient_Default_and_an_injected_client_record_alike()
    {
        await using var app = await TestApp.StartAsync();

        await new SendEmail("default@x", "through TaskClient.Default").PerformAsync();
        await new SendEmail("injected@x", "through ITaskClient").PerformAsync(app.Client);

        Assert.Equal(["default@x", "injected@x"], app.Testing.Enqueued<SendEmail>().Select(j => j.Task.To));
    }

    [Fact]
    public async Task The_application_workers_are_taken_out_so_only_the_test_runs_jobs()
    {
        await using var app = await TestApp.StartAsync(worker: w => w.Schedule(new Tick("cron"), "* * * * *"));

        var hosted = app.Host.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        Assert.DoesNotContain("TaskWorker", hosted);
        Assert.DoesNotContain("CronScheduler", hosted);
        Assert.Equal(1, app.Testing.CronSchedules);
    }

    [Fact]
    public async Task A_worker_added_after_the_kit_stops_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<Outbox>();
        var typedTasks = builder.Services.AddTypedTasks(o => o.UseInMemory());
        builder.Services.AddTypedTasksTesting();
        typedTasks.AddWorker(w => w.Queue("default"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith("1 TypedTasks worker(s) were added after AddTypedTasksTesting", error.Message);
    }

    [Fact]
    public async Task ClearAsync_forgets_the_recorded_jobs_and_drops_the_waiting_ones()
    {
        await using var app = await TestApp.StartAsync();
        await new SendEmail("a@b.c", "Hi").PerformAsync(app.Client);

        await app.Testing.ClearAsync();
        await app.Testing.RunAllAsync();

        Assert.Empty(app.Testing.Enqueued());
        Assert.Empty(app.Outbox.Entries);
    }
}
