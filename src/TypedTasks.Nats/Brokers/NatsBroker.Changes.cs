using TypedTasks.Brokers;

namespace TypedTasks.Nats;

public sealed partial class NatsBroker
{
    /// <summary>What a decision about a job's entry does: nothing, a new value, or a delete; with the caller's result.</summary>
    private readonly record struct Change<T>(ChangeKind Kind, T Result, JobRecord? Next = null);

    private enum ChangeKind { Keep, Put, Delete }

    private static Change<T> Keep<T>(T result) => new(ChangeKind.Keep, result);

    private static Change<T> Put<T>(JobRecord next, T result) => new(ChangeKind.Put, result, next);

    private static Change<T> Delete<T>(T result) => new(ChangeKind.Delete, result);

    /// <summary>
    /// Changes one job's entry atomically: <paramref name="decide"/> sees the entry (or <see langword="null"/>) and
    /// says what to do; the write names the revision decided on, and when the entry moved on meanwhile it is read
    /// again and decided again. A decision to change nothing is only trusted on an entry just read from the bucket,
    /// never on this process's replica alone.
    /// </summary>
    private async ValueTask<T> MutateAsync<T>(Buckets buckets, JobId id, Func<JobRecord?, Change<T>> decide, CancellationToken cancellationToken)
    {
        string key = JobKey(id);
        bool fresh = false;
        (JobRecord Record, ulong Revision)? current = _index.TryGet(id, out var record, out ulong revision) ? (record, revision) : null;
        if (current is null)
        {
            current = await ReadAsync(buckets, id, cancellationToken).ConfigureAwait(false);
            fresh = true;
        }
        while (true)
        {
            var change = decide(current?.Record);
            if (change.Kind == ChangeKind.Keep || current is null)
            {
                if (fresh)
                    return change.Result;
            }
            else if (change.Kind == ChangeKind.Put)
            {
                var next = change.Next!;
                if (await buckets.Jobs.TryUpdateAsync(key, next.Encode(), current.Value.Revision, cancellationToken).ConfigureAwait(false) is { } written)
                {
                    _index.Apply(next, written);
                    return change.Result;
                }
            }
            else if (await buckets.Jobs.TryDeleteAsync(key, current.Value.Revision, cancellationToken).ConfigureAwait(false))
            {
                _index.Remove(id, current.Value.Revision);
                return change.Result;
            }
            current = await ReadAsync(buckets, id, cancellationToken).ConfigureAwait(false);
            fresh = true;
        }
    }

    /// <summary>Reads a job's entry from the bucket and brings this process's replica up to it.</summary>
    private async ValueTask<(JobRecord Record, ulong Revision)?> ReadAsync(Buckets buckets, JobId id, CancellationToken cancellationToken)
    {
        var entry = await buckets.Jobs.GetAsync(JobKey(id), cancellationToken).ConfigureAwait(false);
        if (entry is not { } e)
        {
            if (_index.TryGet(id, out _, out ulong known))
                _index.Remove(id, known);
            return null;
        }
        var record = JobRecord.Decode(e.Value);
        _index.Apply(record, e.Revision);
        return (record, e.Revision);
    }

    /// <summary>Whether <paramref name="lease"/> still holds the job: active, same queue, same fencing token.</summary>
    private static bool IsHeld(JobRecord? record, JobLease lease) =>
        record is { State: JobState.Active } && record.Token == lease.Token && record.Queue == lease.Queue;

    private static bool IsLapsed(JobRecord record, long now) =>
        record.State is JobState.Succeeded or JobState.Cancelled && record.ExpiresAt is { } expires && expires <= now;
}
