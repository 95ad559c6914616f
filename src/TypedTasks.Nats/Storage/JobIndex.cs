using TypedTasks.Brokers;

namespace TypedTasks.Nats;

/// <summary>
/// This process's replica of the jobs bucket, kept by a KV watch and by the broker's own writes: which jobs each queue
/// holds in which set and in which order. It only ever suggests candidates; every change is still made by
/// compare-and-set on the job's entry, so a stale replica costs a refused write, never a wrong one.
/// </summary>
/// <remarks>
/// A write this process made is applied at once with the revision JetStream returned, so a fetch right after an
/// enqueue sees the job; the watch delivers the same revision later and it is ignored. A delete leaves a tombstone
/// holding the revision it replaced, so an older write still on its way through the watch cannot bring the job back.
/// </remarks>
internal sealed class JobIndex
{
    private readonly object _gate = new();
    private readonly Dictionary<JobId, (JobRecord Record, ulong Revision)> _jobs = [];
    private readonly Dictionary<JobId, ulong> _tombstones = [];
    private readonly Dictionary<string, QueueIndex> _queues = new(StringComparer.Ordinal);
    private readonly HashSet<JobId> _claiming = [];

    public void Apply(JobRecord record, ulong revision)
    {
        QueueIndex? wake = null;
        lock (_gate)
        {
            if (_tombstones.TryGetValue(record.Id, out ulong deletedAfter) && revision <= deletedAfter)
                return;
            if (_jobs.TryGetValue(record.Id, out var old))
            {
                if (old.Revision >= revision)
                    return;
                Detach(old.Record, old.Revision);
            }
            _tombstones.Remove(record.Id);
            _jobs[record.Id] = (record, revision);
            var queue = Queue(record.Queue);
            queue.SetOf(record.State)!.Add(JobSlot.For(record, revision));
            queue.LastJobAt = Math.Max(queue.LastJobAt, record.EnqueuedAt);
            if (record.State is JobState.Pending or JobState.Scheduled or JobState.Retry)
                wake = queue;
        }
        wake?.Signal();
    }

    /// <summary>Forgets a deleted job; <paramref name="replacedRevision"/> is the revision the delete replaced.</summary>
    public void Remove(JobId id, ulong replacedRevision)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(id, out var old))
            {
                if (old.Revision > replacedRevision)
                    return;
                Detach(old.Record, old.Revision);
                _jobs.Remove(id);
            }
            if (!_tombstones.TryGetValue(id, out ulong known) || known < replacedRevision)
                _tombstones[id] = replacedRevision;
        }
    }

    /// <summary>A delete seen through the watch at <paramref name="deleteRevision"/>: later writes are the only ones that count.</summary>
    public void Deleted(JobId id, ulong deleteRevision)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(id, out var old) && old.Revision < deleteRevision)
            {
                Detach(old.Record, old.Revision);
                _jobs.Remove(id);
            }
            _tombstones.Remove(id);
        }
    }

    public void ApplyQueueMeta(string queue, QueueMeta meta)
    {
        QueueIndex q;
        bool resumed;
        lock (_gate)
        {
            q = Queue(queue);
            resumed = q.Paused && !meta.Paused;
            q.Paused = meta.Paused;
            q.Known = true;
            q.RecordedJobAt = Math.Max(q.RecordedJobAt, meta.LastJobAt);
            q.LastJobAt = Math.Max(q.LastJobAt, meta.LastJobAt);
        }
        if (resumed)
            q.Signal();
    }

    public bool TryGet(JobId id, out JobRecord record, out ulong revision)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(id, out var entry))
            {
                (record, revision) = entry;
                return true;
            }
        }
        (record, revision) = (null!, 0);
        return false;
    }

    /// <summary>The first pending jobs of <paramref name="queue"/> no other fetch of this process is claiming, marked as claimed.</summary>
    public List<(JobRecord Record, ulong Revision)> BeginClaims(string queue, int count)
    {
        var claims = new List<(JobRecord, ulong)>(Math.Min(count, 64));
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q) || q.Paused)
                return claims;
            foreach (var slot in q.Pending)
            {
                if (claims.Count >= count)
                    break;
                if (_claiming.Add(slot.Id))
                    claims.Add(_jobs[slot.Id]);
            }
        }
        return claims;
    }

    public void EndClaims(List<(JobRecord Record, ulong Revision)> claims)
    {
        lock (_gate)
        {
            foreach (var (record, _) in claims)
                _claiming.Remove(record.Id);
        }
    }

    /// <summary>Scheduled and retry jobs of <paramref name="queue"/> due at <paramref name="now"/>, earliest first.</summary>
    public List<(JobRecord Record, ulong Revision)> Due(string queue, long now, int max)
    {
        var due = new List<(JobRecord, ulong)>();
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return due;
            var merged = q.Scheduled.TakeWhile(s => s.Primary <= now).Concat(q.Retry.TakeWhile(s => s.Primary <= now))
                .Order(JobSlotComparer.Instance).Take(max);
            foreach (var slot in merged)
                due.Add(_jobs[slot.Id]);
        }
        return due;
    }

    public long? NextDue(string queue)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return null;
            long? next = q.Scheduled.Count > 0 ? q.Scheduled.Min.Primary : null;
            if (q.Retry.Count > 0 && (next is null || q.Retry.Min.Primary < next))
                next = q.Retry.Min.Primary;
            return next;
        }
    }

    /// <summary>Jobs of <paramref name="set"/> in listing order (dead and kept latest first), paged.</summary>
    public List<JobRecord> List(string queue, JobSet set, int offset, int count)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return [];
            IEnumerable<JobSlot> slots = set is JobSet.Dead or JobSet.Kept ? q.SetOf(set).Reverse() : q.SetOf(set);
            return slots.Skip(offset).Take(count).Select(s => _jobs[s.Id].Record).ToList();
        }
    }

    /// <summary>Every job of a set, with its revision, in set order.</summary>
    public List<(JobRecord Record, ulong Revision)> All(string queue, JobSet set)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return [];
            return q.SetOf(set).Select(s => _jobs[s.Id]).ToList();
        }
    }

    public QueueStats Counts(string queue)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return new QueueStats { Queue = queue };
            return new QueueStats
            {
                Queue = queue,
                Pending = q.Pending.Count,
                Active = q.Active.Count,
                Scheduled = q.Scheduled.Count,
                Retry = q.Retry.Count,
                Dead = q.Dead.Count,
                Kept = q.Kept.Count,
                Paused = q.Paused,
            };
        }
    }

    public bool IsPaused(string queue)
    {
        lock (_gate)
            return _queues.TryGetValue(queue, out var q) && q.Paused;
    }

    /// <summary>The activity time of the queue's meta entry; 0 when it has none.</summary>
    public long RecordedJobAt(string queue)
    {
        lock (_gate)
            return _queues.TryGetValue(queue, out var q) && q.Known ? q.RecordedJobAt : 0;
    }

    /// <summary>Queues holding a job, paused, or given a job within <paramref name="idleMillis"/> of <paramref name="now"/>.</summary>
    public List<string> ListedQueues(long now, long idleMillis)
    {
        lock (_gate)
        {
            return _queues.Values
                .Where(q => q.JobCount > 0 || q.Paused || (q.LastJobAt > 0 && (idleMillis < 0 || now - q.LastJobAt < idleMillis)))
                .Select(q => q.Name).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Whether one of <paramref name="queues"/> is unpaused with a pending job; otherwise the tasks that complete on new work.</summary>
    public bool HasWork(IReadOnlyList<string> queues, out Task[] signals)
    {
        signals = new Task[queues.Count];
        lock (_gate)
        {
            for (int i = 0; i < queues.Count; i++)
            {
                var q = Queue(queues[i]);
                if (!q.Paused && q.Pending.Count > 0)
                    return true;
                signals[i] = q.SignalTask;
            }
        }
        return false;
    }

    private void Detach(JobRecord record, ulong revision)
    {
        if (_queues.TryGetValue(record.Queue, out var q))
            q.SetOf(record.State)!.Remove(JobSlot.For(record, revision));
    }

    private QueueIndex Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var q))
            _queues.Add(name, q = new QueueIndex(name));
        return q;
    }
}
