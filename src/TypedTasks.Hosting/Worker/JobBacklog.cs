namespace TypedTasks.Hosting;

/// <summary>
/// A queue's fetched jobs waiting for one of its runners. Idle runners are woken one at a time, as the thread pool
/// wakes its threads: a new job wakes an idle runner only when no runner woken earlier is still on its way, and a
/// woken runner that takes a job wakes the next one if more jobs wait. A batch of short jobs is then run by the
/// runners already awake instead of waking every idle runner for it (a thread-pool work item each), while jobs that
/// take long still spread over all runners, one wake-up after another.
/// </summary>
internal sealed class JobBacklog
{
    private readonly object _lock = new();
    private readonly Queue<RunningJob> _jobs = new();
    private readonly Stack<TaskCompletionSource<bool>> _idle = new();
    private int _count;
    private bool _waking;
    private bool _completed;

    /// <summary>Jobs waiting for a runner.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds a job, waking an idle runner unless one is already on its way.</summary>
    public void Add(RunningJob job)
    {
        TaskCompletionSource<bool>? wake;
        lock (_lock)
        {
            _jobs.Enqueue(job);
            _count = _jobs.Count;
            wake = NextToWake();
        }
        wake?.TrySetResult(true);
    }

    /// <summary>Takes a waiting job without waiting (used to put jobs back).</summary>
    public bool TryTake(out RunningJob job)
    {
        lock (_lock)
        {
            bool taken = _jobs.TryDequeue(out job!);
            _count = _jobs.Count;
            return taken;
        }
    }

    /// <summary>Adds no more jobs: runners take what waits, then <see cref="TakeAsync"/> returns <see langword="null"/>.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>[] idle;
        lock (_lock)
        {
            _completed = true;
            idle = _idle.ToArray();
            _idle.Clear();
        }
        foreach (var runner in idle)
            runner.TrySetResult(true);
    }

    /// <summary>The next job for a runner, waiting while there is none; <see langword="null"/> once completed and empty.</summary>
    public async ValueTask<RunningJob?> TakeAsync()
    {
        bool woken = false;
        while (true)
        {
            TaskCompletionSource<bool>? wait = null;
            TaskCompletionSource<bool>? wake = null;
            RunningJob? job;
            lock (_lock)
            {
                if (woken)
                    _waking = false;
                if (_jobs.TryDequeue(out job))
                {
                    _count = _jobs.Count;
                    wake = NextToWake();
                }
                else if (!_completed)
                {
                    wait = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _idle.Push(wait);
                }
            }
            wake?.TrySetResult(true);
            if (wait is null)
                return job;
            await wait.Task.ConfigureAwait(false);
            woken = true;
        }
    }

    /// <summary>The idle runner to wake for waiting jobs, if any and none is on its way (call under the lock).</summary>
    private TaskCompletionSource<bool>? NextToWake()
    {
        if (_waking || _jobs.Count == 0 || _idle.Count == 0)
            return null;
        _waking = true;
        return _idle.Pop();
    }
}
