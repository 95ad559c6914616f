using StackExchange.Redis;
using TypedTasks.Brokers;

namespace TypedTasks.Redis;

public sealed partial class RedisBroker
{
    /// <summary>
    /// Acks and fetches in as few script calls as the topology allows: one on a single Redis; on a cluster one per
    /// slot, since a script's keys must share a slot. There the fetch keeps the request's queue order by calling runs
    /// of consecutive same-slot queues in turn, until it has enough jobs; acks of other slots go out beside the first.
    /// </summary>
    private async Task<AckAndFetchResult> AckAndFetchCoreAsync(IReadOnlyList<JobAck> acks, FetchRequest? next)
    {
        string waiter = "";
        if (next is not null)
        {
            // Wake-ups received so far are for work this fetch sees; the subscription comes before the fetch that
            // names this broker as a waiter, so no wake-up sent for it can be missed.
            _wakes.Clear(next.Queues);
            if (await _wakes.SubscribeAsync(next.Queues).ConfigureAwait(false))
                waiter = _wakes.WaiterId;
        }
        if (!_redis.IsCluster)
        {
            var single = await CallAsync(acks, next, next?.Queues, next?.Count ?? 0, waiter).ConfigureAwait(false);
            return new AckAndFetchResult { Refused = single.Refused, Next = ToFetchResult(single.Jobs, single.NextDue) };
        }

        var acksBySlot = new Dictionary<int, List<JobAck>>();
        foreach (var ack in acks)
        {
            ArgumentNullException.ThrowIfNull(ack);
            int slot = _redis.SlotOf(_keys.Base(QueueName.Validate(ack.Lease.Queue, nameof(acks))));
            if (!acksBySlot.TryGetValue(slot, out var group))
                acksBySlot[slot] = group = [];
            group.Add(ack);
        }
        var runs = next is null ? [] : SlotRuns(next.Queues);
        Task<CallResult>? first = null;
        if (runs.Count > 0)
        {
            acksBySlot.Remove(runs[0].Slot, out var firstAcks);
            first = CallAsync(firstAcks ?? [], next, runs[0].Queues, next!.Count, waiter);
        }
        var ackOnly = acksBySlot.Values.Select(group => CallAsync(group, null, null, 0, "")).ToList();

        var refused = new List<JobId>();
        var jobs = new List<LeasedJob>();
        long nextDue = -1;
        for (int r = 0; r < runs.Count && jobs.Count < next!.Count; r++)
        {
            var result = await (r == 0 ? first! : CallAsync([], next, runs[r].Queues, next.Count - jobs.Count, waiter)).ConfigureAwait(false);
            refused.AddRange(result.Refused);
            jobs.AddRange(result.Jobs);
            if (result.NextDue >= 0 && (nextDue < 0 || result.NextDue < nextDue))
                nextDue = result.NextDue;
        }
        foreach (var call in ackOnly)
            refused.AddRange((await call.ConfigureAwait(false)).Refused);
        return new AckAndFetchResult { Refused = refused, Next = ToFetchResult(jobs, nextDue) };
    }

    /// <summary>The queues split into runs of consecutive queues that share a cluster slot, in the given order.</summary>
    private List<(int Slot, List<string> Queues)> SlotRuns(IReadOnlyList<string> queues)
    {
        var runs = new List<(int Slot, List<string> Queues)>();
        foreach (string queue in queues)
        {
            int slot = _redis.SlotOf(_keys.Base(queue));
            if (runs.Count > 0 && runs[^1].Slot == slot)
                runs[^1].Queues.Add(queue);
            else
                runs.Add((slot, [queue]));
        }
        return runs;
    }

    private readonly record struct CallResult(IReadOnlyList<JobId> Refused, IReadOnlyList<LeasedJob> Jobs, long NextDue);

    /// <summary>One ackAndFetch (or fetch, when there are no acks) script call over queues of one slot.</summary>
    private async Task<CallResult> CallAsync(IReadOnlyList<JobAck> acks, FetchRequest? next, IReadOnlyList<string>? fetchQueues,
        int want, string waiter)
    {
        var queues = new QueueIndex(_keys);
        bool fetchOnly = acks.Count == 0;
        int fetchArgs = fetchQueues is null ? 1 : 8 + fetchQueues.Count;
        var args = new RedisValue[(fetchOnly ? 0 : 1 + acks.Count * 5) + fetchArgs];
        int a = 0;
        if (!fetchOnly)
        {
            args[a++] = acks.Count;
            foreach (var ack in acks)
            {
                ArgumentNullException.ThrowIfNull(ack);
                args[a++] = queues.IndexOf(ack.Lease.Queue);
                args[a++] = ack.Lease.Id.Value;
                args[a++] = ack.Lease.Token;
                args[a++] = ack.KeepFor is { } keep && keep > TimeSpan.Zero ? Math.Max(1, Millis.Ceiling(keep)) : 0;
                args[a++] = ack.Result is { } result ? (RedisValue)result : RedisValue.EmptyString;
            }
        }
        if (fetchQueues is null)
        {
            args[a] = 0;
        }
        else
        {
            args[a++] = fetchQueues.Count;
            foreach (string queue in fetchQueues)
                args[a++] = queues.IndexOf(queue);
            args[a++] = want;
            args[a++] = Math.Max(1, Millis.Ceiling(next!.Lease));
            args[a++] = next.WorkerId ?? "";
            args[a++] = _options.PromoteBatch;
            args[a++] = waiter;
            args[a++] = WaiterTtlMs;
            args[a] = _wakes.ChannelPrefix;
        }
        var script = fetchOnly ? RedisScripts.Fetch : RedisScripts.AckAndFetch;
        var reply = await script.EvaluateAsync(_redis.Database, queues.Keys.ToArray(), args).ConfigureAwait(false);
        int start = 0;
        IReadOnlyList<JobId> refused = [];
        if (!fetchOnly)
        {
            int refusedCount = (int)reply[0];
            var ids = new JobId[refusedCount];
            for (int i = 0; i < refusedCount; i++)
                ids[i] = new JobId((string)reply[1 + i]!);
            refused = ids;
            start = 1 + refusedCount;
        }
        return ReadFetch(reply, start, queues, refused);
    }

    /// <summary>Reads fetch.lua's reply from <paramref name="start"/>: next due ms, then 6 values per job.</summary>
    private static CallResult ReadFetch(RedisResult reply, int start, QueueIndex queues, IReadOnlyList<JobId> refused)
    {
        long nextDue = (long)reply[start];
        int count = (reply.Length - start - 1) / 6;
        var jobs = new LeasedJob[count];
        for (int i = 0; i < count; i++)
        {
            int at = start + 1 + i * 6;
            string queue = queues.NameAt((int)reply[at]);
            jobs[i] = new LeasedJob
            {
                Lease = new JobLease(queue, new JobId((string)reply[at + 1]!), (long)reply[at + 2]),
                Attempt = (int)reply[at + 3],
                Stalls = (int)reply[at + 4],
                Envelope = (byte[])reply[at + 5]!,
            };
        }
        return new CallResult(refused, jobs, nextDue);
    }

    private static FetchResult ToFetchResult(IReadOnlyList<LeasedJob> jobs, long nextDue)
    {
        if (jobs.Count > 0)
            return new FetchResult { Jobs = jobs };
        return nextDue < 0 ? FetchResult.Empty : new FetchResult { Jobs = [], NextDueAt = DateTimeOffset.FromUnixTimeMilliseconds(nextDue) };
    }

    /// <inheritdoc />
    public async ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
            return LeaseRenewal.None;
        foreach (var lease in leases)
            QueueName.Validate(lease.Queue, nameof(leases));
        var groups = _redis.IsCluster
            ? leases.GroupBy(l => _redis.SlotOf(_keys.Base(l.Queue))).Select(g => (IReadOnlyList<JobLease>)g.ToList()).ToList()
            : [leases];
        long leaseMs = Math.Max(1, Millis.Ceiling(leaseDuration));
        var calls = groups.Select(group => ExtendAsync(group, leaseMs)).ToList();
        var lost = new List<JobId>();
        var cancel = new List<JobId>();
        foreach (var call in calls)
        {
            var (groupLost, groupCancel) = await call.WaitAsync(cancellationToken).ConfigureAwait(false);
            lost.AddRange(groupLost);
            cancel.AddRange(groupCancel);
        }
        return lost.Count == 0 && cancel.Count == 0 ? LeaseRenewal.None : new LeaseRenewal { Lost = lost, CancelRequested = cancel };
    }

    private async Task<(List<JobId> Lost, List<JobId> Cancel)> ExtendAsync(IReadOnlyList<JobLease> leases, long leaseMs)
    {
        var queues = new QueueIndex(_keys);
        var args = new RedisValue[2 + leases.Count * 3];
        args[0] = leaseMs;
        args[1] = leases.Count;
        int a = 2;
        foreach (var lease in leases)
        {
            args[a++] = queues.IndexOf(lease.Queue);
            args[a++] = lease.Id.Value;
            args[a++] = lease.Token;
        }
        var reply = await RedisScripts.Extend.EvaluateAsync(_redis.Database, queues.Keys.ToArray(), args).ConfigureAwait(false);
        int lostCount = (int)reply[0];
        var lost = new List<JobId>(lostCount);
        var cancel = new List<JobId>();
        for (int i = 1; i < reply.Length; i++)
            (i <= lostCount ? lost : cancel).Add(new JobId((string)reply[i]!));
        return (lost, cancel);
    }

    /// <inheritdoc />
    public async ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var calls = new List<Task<RedisResult>>(queues.Count);
        foreach (string queue in queues)
        {
            QueueName.Validate(queue, nameof(queues));
            var retention = _options.DeadRetentionFor(queue);
            RedisValue[] args =
            [
                (long)_options.RecoverInterval.TotalMilliseconds, _options.MaxStalls, _options.PromoteBatch,
                retention.MaxJobs, (long)retention.MaxAge.TotalMilliseconds, BrokerOptions.StalledError,
            ];
            calls.Add(EvalAsync(RedisScripts.Recover, queue, args, CancellationToken.None, _keys.RecoverGate(queue)));
        }
        int recovered = 0;
        foreach (var call in calls)
            recovered += (int)await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        return recovered;
    }
}
