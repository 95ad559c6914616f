namespace TypedTasks.Brokers;

public sealed partial class InMemoryBroker
{
    private readonly Dictionary<string, (HashSet<JobId> Done, DateTimeOffset ExpiresAt)> _groups = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_groups.TryGetValue(groupId, out var group) || group.ExpiresAt <= now)
                group = (new HashSet<JobId>(), now);
            group.Done.Add(member);
            _groups[groupId] = (group.Done, now + ttl);
            return ValueTask.FromResult(group.Done.Count >= size);
        }
    }
}
