using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>
/// How idle workers learn of new work without blocking a connection.
/// </summary>
/// <remarks>
/// <para>The choice: <b>a waiters set per queue, and one sharded pub/sub channel per waiting broker and queue.</b> A
/// fetch script that leases nothing adds the fetching broker's channel,
/// <c>[channel prefix]&lt;key prefix&gt;:{queue}:wake:&lt;waiter id&gt;</c>, to the queue's <c>waiters</c> zset (scored
/// by when the entry lapses), in the same atomic step that saw the queue empty. A script that makes work available
/// (enqueue, requeue, recover, retry, resume, a scheduled job now earliest) pops one waiter and <c>SPUBLISH</c>es to
/// its channel; when no client receives it (that broker is gone) it pops the next. A fetch that leases jobs takes its broker out of the set, and one that leaves jobs behind wakes the next
/// waiter, so a burst fans out over idle workers one by one.</para>
/// <para>Why: <c>BZPOPMIN</c> on markers (the previous design) blocks a connection per process, cannot share the
/// app's multiplexer, and its multi-key form fails across hash tags on a cluster. Plain pub/sub on one channel per
/// queue would wake every idle worker for every job (a thundering herd of empty fetches). Here one job wakes one
/// worker, busy workers get nothing (they fetch when a runner frees anyway), and an idle worker costs one fetch per
/// <c>IdleWait</c> per slot. Sharded channels (<c>SSUBSCRIBE</c>, Redis 7) live on the queue's own slot, so a
/// cluster neither broadcasts the message over its bus nor routes the script elsewhere; the channel shares the
/// queue's hash tag, so the script may publish it.</para>
/// <para>No wake-up is lost: a broker subscribes to a queue's channel (and waits for the subscription to be
/// confirmed) before its first fetch names it as a waiter, and a wake-up that arrives while no one waits is kept
/// until the next wait asks for that queue. Pub/sub is at-most-once, so a message dropped with a broken connection is
/// covered by the worker's bounded wait: it fetches again after <c>IdleWait</c> (2 s by default). A broker whose
/// subscription cannot be made fetches without a waiter id and relies on that poll.</para>
/// </remarks>
internal sealed class WakeSignals(IConnectionMultiplexer connection, RedisKeys keys)
{
    private readonly ISubscriber _subscriber = connection.GetSubscriber();

    private readonly ConcurrentDictionary<string, Task<bool>> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _woken = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This broker's id in its wake channels' names: unique per broker instance.</summary>
    public string WaiterId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// The channel prefix the app's connection puts before every channel it subscribes to (<c>channelPrefix=</c>), which
    /// the scripts must put before the channels they publish to.
    /// </summary>
    public string ChannelPrefix { get; } = ChannelPrefixOf(connection);

    private static string ChannelPrefixOf(IConnectionMultiplexer connection)
    {
        try
        {
            return (string?)ConfigurationOptions.Parse(connection.Configuration).ChannelPrefix ?? "";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    /// <summary>
    /// Subscribes to the wake channels of <paramref name="queues"/> not subscribed yet; <see langword="false"/> when a
    /// subscription failed (then the fetch must not register this broker as a waiter).
    /// </summary>
    public ValueTask<bool> SubscribeAsync(IReadOnlyList<string> queues)
    {
        bool done = true;
        foreach (string queue in queues)
        {
            if (!_subscriptions.TryGetValue(queue, out var subscription) || !subscription.IsCompletedSuccessfully || !subscription.Result)
            {
                done = false;
                break;
            }
        }
        return done ? new ValueTask<bool>(true) : new ValueTask<bool>(SubscribeSlowAsync(queues));
    }

    private async Task<bool> SubscribeSlowAsync(IReadOnlyList<string> queues)
    {
        bool all = true;
        foreach (string queue in queues)
        {
            var subscription = _subscriptions.GetOrAdd(queue, SubscribeOneAsync);
            if (!await subscription.ConfigureAwait(false))
            {
                _subscriptions.TryRemove(new KeyValuePair<string, Task<bool>>(queue, subscription));
                all = false;
            }
        }
        return all;
    }

    private async Task<bool> SubscribeOneAsync(string queue)
    {
        try
        {
            await _subscriber.SubscribeAsync(RedisChannel.Sharded(keys.WakeChannel(queue, WaiterId)), (_, _) => Wake(queue)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Forgets wake-ups of <paramref name="queues"/> received so far: the fetch about to be sent sees their work.</summary>
    public void Clear(IReadOnlyList<string> queues)
    {
        lock (_lock)
        {
            if (_woken.Count == 0)
                return;
            foreach (string queue in queues)
                _woken.Remove(queue);
        }
    }

    /// <summary>Waits for a wake-up of one of <paramref name="queues"/>; <see langword="false"/> after <paramref name="timeout"/>.</summary>
    public async ValueTask<bool> WaitAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                bool woken = false;
                foreach (string queue in queues)
                    woken |= _woken.Remove(queue);
                if (woken)
                    return true;
                changed = _changed.Task;
            }
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
                return false;
            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(remaining), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    private void Wake(string queue)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _woken.Add(queue);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>Ends this broker's subscriptions (the app's multiplexer may live on).</summary>
    public async Task UnsubscribeAsync()
    {
        foreach (string queue in _subscriptions.Keys)
        {
            try
            {
                await _subscriber.UnsubscribeAsync(RedisChannel.Sharded(keys.WakeChannel(queue, WaiterId))).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The connection is gone, and the subscription with it.
            }
        }
        _subscriptions.Clear();
    }
}
