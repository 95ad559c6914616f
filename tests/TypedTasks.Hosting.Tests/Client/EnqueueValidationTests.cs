using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>A job no worker could run is refused when it is enqueued, with a message that says how to fix it.</summary>
public sealed class EnqueueValidationTests
{
    private readonly InMemoryBroker _broker = new();

    [Theory]
    [InlineData(-5.0)]
    [InlineData(0.0)]
    [InlineData(4_294_967_295.0)]
    [InlineData(1e12)]
    public async Task A_time_limit_out_of_the_range_a_worker_accepts_is_refused(double milliseconds)
    {
        var client = new BrokerTaskClient(_broker);
        var timeout = TimeSpan.FromMilliseconds(milliseconds);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.EnqueueAsync(new Greet("never stored"), options: new JobOptions { Timeout = timeout }).AsTask());

        Assert.Equal($"JobOptions.Timeout of a test.greet job is {timeout}; a time limit must be positive and at most JobOptions.MaxTimeout (49.17:02:47.2940000). Leave it null for the task's own limit. (Parameter 'options')\nActual value was {timeout}.", error.Message.ReplaceLineEndings("\n"));
        Assert.Equal(0, (await _broker.GetQueueStatsAsync("q")).Pending);
    }

    [Fact]
    public async Task The_longest_time_limit_is_accepted()
    {
        var client = new BrokerTaskClient(_broker);

        var id = await client.EnqueueAsync(new Greet("longest"), options: new JobOptions { Timeout = JobOptions.MaxTimeout });

        Assert.Equal(JobState.Pending, (await _broker.GetJobAsync(id))!.State);
    }

    [Fact]
    public async Task A_task_declaring_a_time_limit_out_of_range_is_refused_unless_the_job_sets_its_own()
    {
        var client = new BrokerTaskClient(_broker);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.EnqueueAsync(new Forever("declared")).AsTask());
        Assert.StartsWith("Task test.forever declares a time limit of 24855.03:14:07 ([Backtask(TimeoutSeconds)]);", error.Message);

        var id = await client.EnqueueAsync(new Forever("overridden"), options: new JobOptions { Timeout = TimeSpan.FromMinutes(1) });
        Assert.NotNull(await _broker.GetJobAsync(id));
    }
}
