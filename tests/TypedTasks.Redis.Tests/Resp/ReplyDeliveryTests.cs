using System.Diagnostics;
using TypedTasks.Redis.Resp;
using TypedTasks.Redis.Tests.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Resp;

/// <summary>
/// Replies are delivered event-loop style: the callers of one read resume inline on one thread. These tests pin down
/// that a caller who blocks there cannot deadlock or stall the others, and that the broker never resumes its own
/// callers there.
/// </summary>
public sealed class ReplyDeliveryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private RedisClient Client => redis.Client;

    [Fact]
    public async Task A_caller_that_blocks_on_a_later_reply_of_the_same_read_gets_it()
    {
        var batch = Client.CreateBatch();
        var first = batch.ExecuteAsync("ECHO", ["first"]);
        var second = batch.ExecuteAsync("ECHO", ["second"]);

        async Task<string> WaitForSecondSynchronously()
        {
            await first.ConfigureAwait(false);
            return second.GetAwaiter().GetResult().AsString();
        }
        var blocked = WaitForSecondSynchronously();
        await batch.ExecuteAsync();

        Assert.Equal("second", await blocked.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_caller_that_blocks_on_a_command_it_just_sent_gets_its_reply()
    {
        async Task<string> SendAndBlock()
        {
            await Client.ExecuteAsync("PING", []).ConfigureAwait(false);
            return Client.ExecuteAsync("ECHO", ["inner"]).GetAwaiter().GetResult().AsString();
        }

        Assert.Equal("inner", await SendAndBlock().WaitAsync(Patience));
    }

    [Fact]
    public async Task A_slow_caller_does_not_hold_up_the_other_replies_of_its_read()
    {
        var batch = Client.CreateBatch();
        var slow = batch.ExecuteAsync("ECHO", ["slow"]);
        var other = batch.ExecuteAsync("ECHO", ["other"]);
        var sleeper = slow.ContinueWith(_ => Thread.Sleep(3000), TaskContinuationOptions.ExecuteSynchronously);
        var stopwatch = Stopwatch.StartNew();

        var sent = batch.ExecuteAsync();
        await other;

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"The other reply waited {stopwatch.ElapsedMilliseconds} ms.");
        await sent;
        await sleeper;
    }

    [Fact]
    public async Task Broker_callers_resume_on_the_thread_pool_not_on_a_reply_batch()
    {
        var broker = redis.NewBroker();
        for (int i = 0; i < 50; i++)
        {
            await broker.PingAsync();
            Assert.False(ReplyBatch.IsDeliveringAny);
            await broker.GetQueuesAsync();
            Assert.False(ReplyBatch.IsDeliveringAny);
        }
    }

    [Fact]
    public async Task Callers_of_the_client_resume_inline_on_a_reply_batch()
    {
        // A reply that arrives before the caller awaits it is taken synchronously, on the caller's thread; of 20 calls
        // at least one is still in flight when awaited.
        async Task<bool> ResumesOnReplyBatch()
        {
            await Client.ExecuteAsync("PING", []).ConfigureAwait(false);
            return ReplyBatch.IsDeliveringAny;
        }

        var resumed = new List<bool>();
        for (int i = 0; i < 20; i++)
            resumed.Add(await ResumesOnReplyBatch());

        Assert.Contains(true, resumed);
    }
}
