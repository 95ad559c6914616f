using System.Collections.Concurrent;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>Acks of finished jobs, waiting to go to the broker in one batch (with the next fetch when there is one).</summary>
internal sealed class AckBuffer
{
    private const int MaxBatch = 1000;
    private readonly ConcurrentQueue<JobAck> _acks = new();
    private readonly SemaphoreSlim _signal = new(0);

    public int Count => _acks.Count;

    public void Add(JobAck ack)
    {
        _acks.Enqueue(ack);
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }

    public void Return(IEnumerable<JobAck> acks)
    {
        foreach (var ack in acks)
            _acks.Enqueue(ack);
    }

    public List<JobAck> Drain()
    {
        var batch = new List<JobAck>(Math.Min(_acks.Count, MaxBatch));
        while (batch.Count < MaxBatch && _acks.TryDequeue(out var ack))
            batch.Add(ack);
        return batch;
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);
}
