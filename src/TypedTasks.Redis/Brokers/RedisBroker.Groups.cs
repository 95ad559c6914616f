using TypedTasks.Brokers;
using TypedTasks.Redis.Resp;

namespace TypedTasks.Redis;

public sealed partial class RedisBroker
{
    /// <inheritdoc />
    public async ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var reply = await _redis.EvalAsync(RedisScripts.GroupDone, [_keys.GroupMembers(groupId)],
            [member.Value, size, Math.Max(1, (long)ttl.TotalMilliseconds)], cancellationToken).OffReplyThread();
        return reply.AsInt64() == 1;
    }
}
