namespace TypedTasks.Brokers;

public sealed partial class InMemoryBroker
{
    private readonly Dictionary<string, (HashSet<JobId> Done, DateTimeOffset ExpiresAt)> _groups = new(StringComparer.Ordinal);

    /// <summary>Group records by expiry, so they go when their TTL passes as Redis keys do, not when touched again.</summary>
    private readonly SortedSet<(long ExpiresTicks, string GroupId)> _groupExpiries = [];

    /// <summary>How many group records the broker holds; expired ones go at the next fetch or group change.</summary>
    internal int GroupRecordCount
    {
        get
        {
            lock (_gate)
                return _groups.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            PurgeExpiredGroups(now);
            if (_groups.TryGetValue(groupId, out var group))
                _groupExpiries.Remove((group.ExpiresAt.UtcTicks, groupId));
            else
                group = (new HashSet<JobId>(), now);
            group.Done.Add(member);
            _groups[groupId] = (group.Done, now + ttl);
            _groupExpiries.Add(((now + ttl).UtcTicks, groupId));
            return ValueTask.FromResult(group.Done.Count >= size);
        }
    }

    private void PurgeExpiredGroups(DateTimeOffset now)
    {
        while (_groupExpiries.Count > 0 && _groupExpiries.Min is { } first && first.ExpiresTicks <= now.UtcTicks)
        {
            _groupExpiries.Remove(first);
            _groups.Remove(first.GroupId);
        }
    }
}
