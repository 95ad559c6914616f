using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>
/// <c>PerformIn</c> counts its delay from the client's clock: a host that runs on a <see cref="TimeProvider"/> of its
/// own (a fake one in tests) schedules the job on that time, where the broker decides when it is due.
/// </summary>
public sealed class ClientClockTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task PerformIn_counts_from_the_host_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddTypedTasks(o => o.UseInMemory());
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<ITaskClient>();

        var id = await new Greet("later").PerformIn(client, TimeSpan.FromMinutes(10));

        var job = await client.GetJobAsync(id);
        Assert.Equal(JobState.Scheduled, job!.State);
        Assert.Equal(Start.AddMinutes(10), job.DueAt);
        Assert.Same(clock, client.TimeProvider);
    }

    [Fact]
    public async Task EnqueueInAsync_counts_from_the_clock_given_to_a_BrokerTaskClient()
    {
        var clock = new FakeTimeProvider(Start);
        var client = new BrokerTaskClient(new Brokers.InMemoryBroker(clock), clock);

        var id = await TaskClientExtensions.EnqueueInAsync(client, new Greet("soon"), TimeSpan.FromSeconds(30));

        Assert.Equal(Start.AddSeconds(30), (await client.GetJobAsync(id))!.DueAt);
    }
}
