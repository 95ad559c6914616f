using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>
/// The list of queue names: a zset of name → when a job last arrived (ms). It lives in a slot of its own, so on a
/// cluster no enqueue script can write it; instead each broker touches a queue's entry beside the enqueue, at most once
/// per <see cref="TouchEvery"/>, which costs a busy queue nothing measurable. A queue whose entry is older than the
/// idle time and that holds no job leaves the list when the list is read; its next job brings it back.
/// </summary>
internal sealed class QueueRegistry(RedisConnection redis, RedisKeys keys, TimeSpan forgetAfter)
{
    private readonly ConcurrentDictionary<string, long> _touchedAt = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a touch counts: a tenth of the idle time, at most 1 min. It must stay below the idle time: a broker that
    /// enqueues into a queue another broker just forgot lists it again because its own last touch is older than that.
    /// </summary>
    private long TouchEvery { get; } = forgetAfter == Timeout.InfiniteTimeSpan
        ? 60_000
        : Math.Clamp((long)forgetAfter.TotalMilliseconds / 10, 1, 60_000);

    /// <summary>Records that <paramref name="queue"/> got a job, unless this broker did so lately; <see langword="null"/> then.</summary>
    public Task? Touch(string queue, bool force = false)
    {
        long now = Environment.TickCount64;
        if (!force && _touchedAt.TryGetValue(queue, out long at) && now - at < TouchEvery)
            return null;
        _touchedAt[queue] = now;
        return TouchAsync(queue);
    }

    private async Task TouchAsync(string queue)
    {
        try
        {
            await redis.Database.SortedSetAddAsync(keys.Queues, queue, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), SortedSetWhen.GreaterThan)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The job itself is stored; the next enqueue of the queue lists it.
            _touchedAt.TryRemove(queue, out _);
        }
    }

    /// <summary>The queue names, sorted, after forgetting those idle past the idle time for which <paramref name="isIdle"/> agrees.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(Func<string, Task<bool>> isIdle)
    {
        var entries = await redis.Database.SortedSetRangeByRankWithScoresAsync(keys.Queues).ConfigureAwait(false);
        var names = new List<string>(entries.Length);
        long cutoff = forgetAfter == Timeout.InfiniteTimeSpan ? long.MinValue : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)forgetAfter.TotalMilliseconds;
        foreach (var entry in entries)
        {
            string name = entry.Element!;
            if (entry.Score < cutoff && await isIdle(name).ConfigureAwait(false) && await ForgetAsync(name, entry.Score).ConfigureAwait(false))
                continue;
            names.Add(name);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Removes the entry only if no job arrived since it was read (its score is unchanged).</summary>
    private async Task<bool> ForgetAsync(string queue, double score)
    {
        _touchedAt.TryRemove(queue, out _);
        var reply = await RedisScripts.ForgetQueue.EvaluateAsync(redis.Database, [keys.Queues], [queue, score]).ConfigureAwait(false);
        return (long)reply == 1;
    }
}
