using StackExchange.Redis;

namespace TypedTasks.Redis;

public sealed partial class RedisBroker
{
    /// <inheritdoc />
    public async ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        RedisValue[] args = [member.Value, size, Math.Max(1, Millis.Ceiling(ttl))];
        var reply = await RedisScripts.GroupDone.EvaluateAsync(_redis.Database, [_keys.GroupMembers(groupId)], args)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }
}
