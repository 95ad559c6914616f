using TypedTasks.Brokers;

namespace TypedTasks.Redis;

/// <summary>
/// Group commit for single enqueues: while an enqueue call is on its way to Redis, the enqueues that arrive meanwhile
/// wait and go out together in the next call (one enqueueMany script per queue). A lone caller is sent at once, so an
/// idle broker adds no latency; under load each call carries the enqueues that piled up during the previous one, and
/// Redis runs one script per batch instead of one per job. Once <see cref="SecondCallBatch"/> enqueues wait, they go
/// out in a second call without waiting for the first: Redis then has the next batch queued when it finishes one,
/// instead of idling while the reply travels and the callers' continuations run. Each of the two senders then sends
/// what waits whenever its call returns, until nothing waits. Enqueues of concurrent callers may be stored in another
/// order than they were made (two calls in flight, a retried call); a caller that awaits each enqueue keeps its order.
/// </summary>
/// <param name="send">Stores a batch of valid requests and returns their results in order.</param>
internal sealed class EnqueueBatcher(Func<IReadOnlyList<EnqueueRequest>, Task<EnqueueResult[]>> send)
{
    private const int MaxCallsInFlight = 2;
    private const int SecondCallBatch = 16;
    private readonly object _lock = new();
    private List<Waiting> _waiting = [];
    private int _senders;

    /// <summary>
    /// Queues <paramref name="request"/> for the next call; the task completes on the thread pool. Cancelling before
    /// that call leaves the request out.
    /// </summary>
    public Task<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(request);
        bool start;
        lock (_lock)
        {
            _waiting.Add(waiting);
            start = _senders == 0 || (_senders < MaxCallsInFlight && _waiting.Count >= SecondCallBatch);
            if (start)
                _senders++;
        }
        if (start)
            _ = SendLoopAsync();
        return cancellationToken.CanBeCanceled ? WaitAsync(waiting, cancellationToken) : waiting.Task;
    }

    private async Task<EnqueueResult> WaitAsync(Waiting waiting, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => Withdraw(waiting)).ConfigureAwait(false))
            return await waiting.Task.ConfigureAwait(false);
    }

    private void Withdraw(Waiting waiting)
    {
        lock (_lock)
        {
            if (!_waiting.Remove(waiting))
                return;
        }
        waiting.TrySetCanceled();
    }

    private async Task SendLoopAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _senders--;
                    return;
                }
                batch = _waiting;
                _waiting = [];
            }
            try
            {
                var requests = new EnqueueRequest[batch.Count];
                for (int i = 0; i < requests.Length; i++)
                    requests[i] = batch[i].Request;
                var results = await send(requests).ConfigureAwait(false);
                for (int i = 0; i < batch.Count; i++)
                    batch[i].TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var waiting in batch)
                    waiting.TrySetException(e);
            }
        }
    }

    private sealed class Waiting(EnqueueRequest request) : TaskCompletionSource<EnqueueResult>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public EnqueueRequest Request { get; } = request;
    }
}
