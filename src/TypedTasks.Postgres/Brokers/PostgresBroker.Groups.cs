using Npgsql;

namespace TypedTasks.Postgres;

public sealed partial class PostgresBroker
{
    /// <inheritdoc />
    public async ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.GroupDone, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = groupId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = member.Value });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(1, (long)ttl.TotalMilliseconds) });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
