using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// A bulk enqueue through the enqueue middleware: each job runs its own middleware chain, and the chains' calls to the
/// broker are gathered into one bulk enqueue, sent once every chain has either called it or ended without it (a
/// middleware that drops a job or answers for it). A chain that throws before calling the broker refuses the batch:
/// nothing is sent, and the exception is the caller's.
/// </summary>
internal sealed class MiddlewareBatch
{
    private enum State { Running, Arrived, Ended }

    private readonly object _gate = new();
    private readonly State[] _states;
    private readonly EnqueueRequest?[] _arrived;
    private readonly TaskCompletionSource<EnqueueResult>[] _results;
    private readonly TaskCompletionSource _allIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    private MiddlewareBatch(int count)
    {
        _states = new State[count];
        _arrived = new EnqueueRequest?[count];
        _results = new TaskCompletionSource<EnqueueResult>[count];
        for (int i = 0; i < count; i++)
            _results[i] = new TaskCompletionSource<EnqueueResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _running = count;
    }

    /// <summary>Runs <paramref name="chain"/> for every request, then stores what reached the broker in one bulk call.</summary>
    /// <param name="requests">The jobs, in order.</param>
    /// <param name="chain">Runs the middleware around one job, calling the given delegate where the broker would be.</param>
    /// <param name="broker">The broker.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>What each chain returned, in order.</returns>
    public static async Task<EnqueueResult[]> RunAsync(EnqueueRequest[] requests, Func<EnqueueContext, EnqueueDelegate, ValueTask<EnqueueResult>> chain,
        IBroker broker, CancellationToken cancellationToken)
    {
        var batch = new MiddlewareBatch(requests.Length);
        var chains = new Task<EnqueueResult>[requests.Length];
        for (int i = 0; i < requests.Length; i++)
        {
            int at = i;
            chains[i] = chain(new EnqueueContext(requests[i], cancellationToken), context => batch.Arrive(at, context, broker)).AsTask();
            _ = chains[i].ContinueWith(_ => batch.End(at), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        await batch._allIn.Task.ConfigureAwait(false);
        if (chains.FirstOrDefault(c => c.IsFaulted || c.IsCanceled) is { } refused)
        {
            batch.Refuse();
            await refused.ConfigureAwait(false);
        }
        await batch.SendAsync(broker, cancellationToken).ConfigureAwait(false);
        var results = new EnqueueResult[chains.Length];
        for (int i = 0; i < chains.Length; i++)
            results[i] = await chains[i].ConfigureAwait(false);
        return results;
    }

    /// <summary>Where a chain's broker call lands: the job waits for the bulk call (a second call from the same chain goes alone).</summary>
    private ValueTask<EnqueueResult> Arrive(int at, EnqueueContext context, IBroker broker)
    {
        lock (_gate)
        {
            if (_states[at] != State.Running)
                return broker.EnqueueAsync(context.Request, context.CancellationToken);
            _states[at] = State.Arrived;
            _arrived[at] = context.Request;
            CountOne();
        }
        return new ValueTask<EnqueueResult>(_results[at].Task);
    }

    private void End(int at)
    {
        lock (_gate)
        {
            if (_states[at] != State.Running)
                return;
            _states[at] = State.Ended;
            CountOne();
        }
    }

    private void CountOne()
    {
        if (--_running == 0)
            _allIn.TrySetResult();
    }

    private void Refuse()
    {
        foreach (var result in _results)
            result.TrySetCanceled();
    }

    private async Task SendAsync(IBroker broker, CancellationToken cancellationToken)
    {
        var positions = new List<int>(_arrived.Length);
        var requests = new List<EnqueueRequest>(_arrived.Length);
        for (int i = 0; i < _arrived.Length; i++)
        {
            if (_arrived[i] is { } request)
            {
                positions.Add(i);
                requests.Add(request);
            }
        }
        try
        {
            var stored = requests.Count == 0 ? [] : await broker.EnqueueManyAsync(requests, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < positions.Count; i++)
                _results[positions[i]].TrySetResult(stored[i]);
        }
        catch (Exception e)
        {
            foreach (int at in positions)
                _results[at].TrySetException(e);
        }
    }
}
