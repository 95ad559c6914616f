using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>How deep a queue prefetches when WorkerOptions.Prefetch is not set.</summary>
public sealed class AdaptivePrefetchTests
{
    private static AdaptivePrefetch After(int concurrency, TimeSpan runTime, int jobs = 40)
    {
        var prefetch = new AdaptivePrefetch(concurrency);
        for (int i = 0; i < jobs; i++)
            prefetch.Record(runTime);
        return prefetch;
    }

    [Fact]
    public void Before_any_job_has_ended_a_queue_prefetches_its_concurrency()
    {
        Assert.Equal(10, new AdaptivePrefetch(10).Depth);
    }

    [Fact]
    public void Jobs_that_take_the_budget_or_longer_keep_the_prefetch_at_the_concurrency()
    {
        Assert.Equal(10, After(10, AdaptivePrefetch.Budget).Depth);
        Assert.Equal(10, After(10, TimeSpan.FromSeconds(30)).Depth);
    }

    [Fact]
    public void Shorter_jobs_prefetch_what_the_runners_start_within_the_budget()
    {
        // 10 runners through 2.5 ms jobs start 40 of them in 10 ms.
        Assert.Equal(40, After(10, TimeSpan.FromMilliseconds(2.5)).Depth);
        Assert.Equal(20, After(10, TimeSpan.FromMilliseconds(5)).Depth);
    }

    [Fact]
    public void Very_short_jobs_prefetch_four_times_the_concurrency_and_up_to_160_for_few_runners()
    {
        Assert.Equal(200, After(50, TimeSpan.FromMicroseconds(20)).Depth);
        Assert.Equal(160, After(40, TimeSpan.FromMicroseconds(20)).Depth);
        Assert.Equal(160, After(10, TimeSpan.FromMicroseconds(20)).Depth);
        Assert.Equal(64, After(4, TimeSpan.FromMicroseconds(20)).Depth);
        Assert.Equal(16, After(1, TimeSpan.Zero).Depth);
    }

    [Fact]
    public void Jobs_of_a_millisecond_at_concurrency_10_prefetch_what_starts_within_the_budget_beyond_four_times_the_concurrency()
    {
        Assert.Equal(100, After(10, TimeSpan.FromMilliseconds(1)).Depth);
    }

    [Fact]
    public void The_prefetch_shrinks_back_when_the_jobs_become_long()
    {
        var prefetch = After(10, TimeSpan.FromMicroseconds(20));
        for (int i = 0; i < 40; i++)
            prefetch.Record(TimeSpan.FromMilliseconds(200));
        Assert.Equal(10, prefetch.Depth);
    }
}
