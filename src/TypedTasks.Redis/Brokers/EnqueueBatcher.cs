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
/// <remarks>
/// A lone caller (no call in flight) awaits its own call: it becomes the sender without a waiting entry, so its reply
/// reaches it without the extra thread-pool hand-off a waiting entry costs (an awaited loop of enqueues made four
/// work items per job with it, three without: the connection's writer, its reader, and the reply's continuation).
/// </remarks>
/// <param name="send">Stores a batch of valid requests and returns their results in order.</param>
internal sealed class EnqueueBatcher(Func<IReadOnlyList<EnqueueRequest>, Task<EnqueueResult[]>> send)
{
    private const int MaxCallsInFlight = 2;
    private const int SecondCallBatch = 16;
    private readonly object _lock = new();
    private List<Waiting> _waiting = [];
    private int _senders;

    /// <summary>
    /// Sends <paramref name="request"/> now when no call is in flight, else queues it for the next call; a queued
    /// request's task completes on the thread pool. Cancelling before that call leaves a queued request out; a request
    /// already sent may still be stored.
    /// </summary>
    public Task<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken)
    {
        Waiting? waiting = null;
        bool start = false;
        lock (_lock)
        {
            if (_senders == 0)
            {
                _senders = 1;
            }
            else
            {
                waiting = new Waiting(request);
                _waiting.Add(waiting);
                start = _senders < MaxCallsInFlight && _waiting.Count >= SecondCallBatch;
                if (start)
                    _senders++;
            }
        }
        if (waiting is null)
        {
            var alone = SendAloneAsync(request);
            return cancellationToken.CanBeCanceled ? alone.WaitAsync(cancellationToken) : alone;
        }
        if (start)
            _ = SendLoopAsync();
        return cancellationToken.CanBeCanceled ? WaitAsync(waiting, cancellationToken) : waiting.Task;
    }

    /// <summary>Sends one request as its own call, then hands the sender's role to what waits by then, if anything.</summary>
    private async Task<EnqueueResult> SendAloneAsync(EnqueueRequest request)
    {
        try
        {
            var results = await send([request]).ConfigureAwait(false);
            return results[0];
        }
        finally
        {
            if (NextBatchOrLeave() is { } batch)
                _ = SendLoopAsync(batch);
        }
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

    /// <summary>What waits, taken for the caller to send; <see langword="null"/> when nothing does, and the caller stops sending.</summary>
    private List<Waiting>? NextBatchOrLeave()
    {
        lock (_lock)
        {
            if (_waiting.Count == 0)
            {
                _senders--;
                return null;
            }
            var batch = _waiting;
            _waiting = [];
            return batch;
        }
    }

    private async Task SendLoopAsync(List<Waiting>? first = null)
    {
        for (var batch = first ?? NextBatchOrLeave(); batch is not null; batch = NextBatchOrLeave())
        {
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
