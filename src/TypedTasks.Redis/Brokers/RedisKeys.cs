using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>
/// Names of the broker's keys. Every key of a queue carries the hash tag <c>{queue}</c>, so one queue lives in one
/// cluster slot and its scripts touch a single slot; see <c>Scripts/lib.lua</c> for what each key holds.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    private readonly ConcurrentDictionary<string, RedisKey[]> _groups = new(StringComparer.Ordinal);

    /// <summary>How many keys a queue's key group has (the order <c>lib.lua</c>'s <c>group()</c> reads).</summary>
    public const int GroupSize = 10;

    private static readonly string[] s_groupSuffixes =
        ["", "pending", "active", "leases", "scheduled", "retry", "dead", "completed", "meta", "waiters"];

    /// <summary>The zset of queue names, scored by when a job last arrived (ms); a slot of its own on a cluster.</summary>
    public string Queues { get; } = prefix + ":queues";

    /// <summary>The hash of worker heartbeats (id → expiring record); a slot of its own on a cluster.</summary>
    public string Workers { get; } = prefix + ":workers";

    /// <summary>The hash of cron schedules and their last fires (expiring records); a slot of its own on a cluster.</summary>
    public string Cron { get; } = prefix + ":cron";

    public string Base(string queue) => prefix + ":{" + queue + "}:";

    public string Job(string queue, JobId id) => Base(queue) + "job:" + id.Value;

    /// <summary>The set of done member ids of a job group (its own hash tag).</summary>
    public string GroupMembers(string groupId) => prefix + ":grp:{" + groupId + "}:done";

    /// <summary>The sharded channel on which a waiting broker is woken for the queue (see <see cref="WakeSignals"/>).</summary>
    public string WakeChannel(string queue, string waiterId) => Base(queue) + "wake:" + waiterId;

    public string Dead(string queue) => Base(queue) + "dead";

    public string RecoverGate(string queue) => Base(queue) + "recover-lock";

    /// <summary>
    /// The queue's key group, in the order the scripts expect; made once per queue (each script call sends it, and
    /// building its ten names was a tenth of a drain's allocations). Callers must not change the array.
    /// </summary>
    public RedisKey[] Group(string queue) => _groups.TryGetValue(queue, out var group) ? group : _groups.GetOrAdd(queue, MakeGroup(queue));

    private RedisKey[] MakeGroup(string queue)
    {
        string b = Base(queue);
        var keys = new RedisKey[GroupSize];
        for (int i = 0; i < GroupSize; i++)
            keys[i] = b + s_groupSuffixes[i];
        return keys;
    }
}
