using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace TypedTasks.Nats;

/// <summary>
/// One KV bucket with raw byte values (never a reflection-based serializer) and compare-and-set outcomes as values
/// instead of exceptions: a refused write is the normal result of a race here, not an error.
/// </summary>
internal sealed class KvBucket(INatsKVStore store)
{
    private static readonly NatsRawSerializer<byte[]> s_raw = NatsRawSerializer<byte[]>.Default;

    public INatsKVStore Store { get; } = store;

    /// <summary>The entry's value and revision; <see langword="null"/> when the key has none (never written, deleted or purged).</summary>
    public async ValueTask<(byte[] Value, ulong Revision)?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var result = await Store.TryGetEntryAsync(key, 0, s_raw, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException
                ? null
                : throw result.Error;
        }
        var entry = result.Value;
        return entry.Value is null ? null : (entry.Value, entry.Revision);
    }

    /// <summary>Writes a key that has no value; the new revision, or <see langword="null"/> when it has one.</summary>
    public async ValueTask<ulong?> TryCreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        var result = await Store.TryCreateAsync(key, value, s_raw, cancellationToken).ConfigureAwait(false);
        if (result.Success)
            return result.Value;
        return result.Error is NatsKVCreateException or NatsKVWrongLastRevisionException ? null : throw result.Error;
    }

    /// <summary>Replaces revision <paramref name="revision"/>; the new revision, or <see langword="null"/> when the key moved on.</summary>
    public async ValueTask<ulong?> TryUpdateAsync(string key, byte[] value, ulong revision, CancellationToken cancellationToken)
    {
        var result = await Store.TryUpdateAsync(key, value, revision, s_raw, cancellationToken).ConfigureAwait(false);
        if (result.Success)
            return result.Value;
        return result.Error is NatsKVWrongLastRevisionException ? null : throw result.Error;
    }

    /// <summary>Deletes revision <paramref name="revision"/>; <see langword="false"/> when the key moved on.</summary>
    public async ValueTask<bool> TryDeleteAsync(string key, ulong revision, CancellationToken cancellationToken)
    {
        var result = await Store.TryDeleteAsync(key, new NatsKVDeleteOpts { Revision = revision }, cancellationToken).ConfigureAwait(false);
        if (result.Success)
            return true;
        return result.Error is NatsKVWrongLastRevisionException ? false : throw result.Error;
    }

    public ValueTask<ulong> PutAsync(string key, byte[] value, CancellationToken cancellationToken) =>
        Store.PutAsync(key, value, s_raw, cancellationToken);

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var result = await Store.TryDeleteAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Success && result.Error is not (NatsKVKeyNotFoundException or NatsKVKeyDeletedException))
            throw result.Error;
    }

    /// <summary>
    /// Changes a key by compare-and-set until it sticks: <paramref name="change"/> gets the current value (or
    /// <see langword="null"/>) and returns the new one, or <see langword="null"/> to leave the key alone.
    /// </summary>
    /// <returns>Whether a value was written.</returns>
    public async ValueTask<bool> UpdateLoopAsync(string key, Func<byte[]?, byte[]?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(key, cancellationToken).ConfigureAwait(false);
            var next = change(current?.Value);
            if (next is null)
                return false;
            ulong? written = current is { } c
                ? await TryUpdateAsync(key, next, c.Revision, cancellationToken).ConfigureAwait(false)
                : await TryCreateAsync(key, next, cancellationToken).ConfigureAwait(false);
            if (written is not null)
                return true;
        }
    }

    /// <summary>Every key matching <paramref name="filter"/> (e.g. <c>worker.&gt;</c>) with its value.</summary>
    public async ValueTask<List<(string Key, byte[] Value)>> ListAsync(string filter, CancellationToken cancellationToken)
    {
        var entries = new List<(string, byte[])>();
        await foreach (var entry in Store.WatchAsync([filter], s_raw, new NatsKVWatchOpts
        {
            IgnoreDeletes = true,
            OnNoData = static _ => new ValueTask<bool>(true),
        }, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Value is { } value)
                entries.Add((entry.Key, value));
            if (entry.Delta == 0)
                break;
        }
        return entries;
    }
}
