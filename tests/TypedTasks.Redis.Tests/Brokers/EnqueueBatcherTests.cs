using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>The group commit of single enqueues, against a fake Redis call the test releases by hand.</summary>
public sealed class EnqueueBatcherTests
{
    private readonly List<(IReadOnlyList<EnqueueRequest> Requests, TaskCompletionSource<EnqueueResult[]> Reply)> _calls = [];

    /// <summary>Released once per call, so a test waits for the batcher's next call rather than polling for it.</summary>
    private readonly SemaphoreSlim _called = new(0);

    private EnqueueBatcher NewBatcher() => new(requests =>
    {
        var reply = new TaskCompletionSource<EnqueueResult[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_calls)
            _calls.Add((requests, reply));
        _called.Release();
        return reply.Task;
    });

    private static EnqueueRequest Request(string tag) => new() { Id = new JobId(tag), Queue = "q", TaskName = "t", Envelope = new byte[] { 1 } };

    private static EnqueueResult[] Stored(IReadOnlyList<EnqueueRequest> requests) => requests.Select(r => new EnqueueResult(r.Id, Duplicate: false)).ToArray();

    [Fact]
    public async Task A_lone_enqueue_goes_out_at_once_and_those_arriving_meanwhile_go_together_next()
    {
        var batcher = NewBatcher();

        var first = batcher.EnqueueAsync(Request("a"), CancellationToken.None);
        Assert.Single(_calls);
        var second = batcher.EnqueueAsync(Request("b"), CancellationToken.None);
        var third = batcher.EnqueueAsync(Request("c"), CancellationToken.None);
        Assert.Single(_calls);

        _calls[0].Reply.SetResult(Stored(_calls[0].Requests));
        Assert.Equal(new JobId("a"), (await first).Id);
        await WaitForCallsAsync(2);
        Assert.Equal(["b", "c"], _calls[1].Requests.Select(r => r.Id.Value));
        _calls[1].Reply.SetResult(Stored(_calls[1].Requests));
        Assert.Equal((new JobId("b"), new JobId("c")), ((await second).Id, (await third).Id));
    }

    [Fact]
    public async Task Sixteen_waiting_enqueues_go_out_beside_the_call_in_flight_and_no_third_call_starts()
    {
        var batcher = NewBatcher();
        var enqueues = new List<Task<EnqueueResult>> { batcher.EnqueueAsync(Request("a"), CancellationToken.None) };
        for (int i = 0; i < 15; i++)
            enqueues.Add(batcher.EnqueueAsync(Request($"b{i}"), CancellationToken.None));
        Assert.Single(_calls);

        enqueues.Add(batcher.EnqueueAsync(Request("b15"), CancellationToken.None));
        Assert.Equal(2, _calls.Count);
        Assert.Equal(16, _calls[1].Requests.Count);
        for (int i = 0; i < 20; i++)
            enqueues.Add(batcher.EnqueueAsync(Request($"c{i}"), CancellationToken.None));
        Assert.Equal(2, _calls.Count);

        _calls[0].Reply.SetResult(Stored(_calls[0].Requests));
        await WaitForCallsAsync(3);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"c{i}"), _calls[2].Requests.Select(r => r.Id.Value));
        _calls[1].Reply.SetResult(Stored(_calls[1].Requests));
        _calls[2].Reply.SetResult(Stored(_calls[2].Requests));
        var results = await Task.WhenAll(enqueues);
        Assert.Equal(["a", .. Enumerable.Range(0, 16).Select(i => $"b{i}"), .. Enumerable.Range(0, 20).Select(i => $"c{i}")],
            results.Select(r => r.Id.Value));
    }

    [Fact]
    public async Task An_enqueue_cancelled_while_waiting_is_never_sent_and_a_failed_call_fails_its_callers()
    {
        var batcher = NewBatcher();
        var first = batcher.EnqueueAsync(Request("a"), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var withdrawn = batcher.EnqueueAsync(Request("b"), cancel.Token);
        var kept = batcher.EnqueueAsync(Request("c"), CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);
        _calls[0].Reply.SetException(new InvalidOperationException("gone"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await WaitForCallsAsync(2);
        Assert.Equal(["c"], _calls[1].Requests.Select(r => r.Id.Value));
        _calls[1].Reply.SetResult(Stored(_calls[1].Requests));
        Assert.False((await kept).Duplicate);
    }

    [Fact]
    public async Task A_lone_enqueue_whose_wait_is_cancelled_still_holds_back_the_next_call_until_its_own_returns()
    {
        var batcher = NewBatcher();
        using var cancel = new CancellationTokenSource();
        var lone = batcher.EnqueueAsync(Request("a"), cancel.Token);
        Assert.Single(_calls);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lone);
        var next = batcher.EnqueueAsync(Request("b"), CancellationToken.None);
        Assert.Single(_calls);

        _calls[0].Reply.SetResult(Stored(_calls[0].Requests));
        await WaitForCallsAsync(2);
        Assert.Equal(["b"], _calls[1].Requests.Select(r => r.Id.Value));
        _calls[1].Reply.SetResult(Stored(_calls[1].Requests));
        Assert.Equal(new JobId("b"), (await next).Id);
    }

    /// <summary>Waits until the batcher has made <paramref name="count"/> calls, no more; fails when it makes no further call for 10 s.</summary>
    private async Task WaitForCallsAsync(int count)
    {
        while (CallCount() < count)
            Assert.True(await _called.WaitAsync(TimeSpan.FromSeconds(10)), $"the batcher made {CallCount()} calls, not {count}");
        Assert.Equal(count, CallCount());
    }

    private int CallCount()
    {
        lock (_calls)
            return _calls.Count;
    }
}
