using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// A worker: one fetch loop that leases as many jobs as its queues have free slots (acking finished jobs in the same
/// round trip), per-queue runners that execute them, a heartbeat that renews leases and picks up cancellations,
/// and a graceful stop that lets running jobs finish within the grace period and puts the rest back.
/// </summary>
internal sealed partial class TaskWorker : BackgroundService
{
    private const int MaxFetch = 1000;

    private readonly IBroker _broker;
    private readonly WorkerOptions _options;
    private readonly WorkerHeartbeats _heartbeats;
    private readonly HostOptions _hostOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly QueueState[] _queues;
    private readonly Dictionary<string, QueueState> _queuesByName;
    private readonly string[] _queueNames;
    private readonly ConcurrentDictionary<JobId, RunningJob> _held = new();
    private readonly AckBuffer _acks = new();
    /// <summary>
    /// Held by a fetch and by an ack call of the ack loop, so a fetch never overtakes an ack in flight: the broker would
    /// count the finished job as held beside the one fetched for its slot (for as long as a Postgres commit takes).
    /// </summary>
    private readonly SemaphoreSlim _ackOrFetch = new(1, 1);
    private readonly SemaphoreSlim _capacity = new(0);
    private readonly JobRunner _runner;
    private volatile bool _stopping;
    private readonly List<PendingWake> _wakes = [];

    public TaskWorker(IBroker broker, TaskRegistry registry, IServiceScopeFactory scopes, WorkerOptions options,
        IEnumerable<IJobMiddleware> middleware, IEnumerable<IJobLifecycleObserver> observers, WorkerHeartbeats heartbeats,
        HostOptions hostOptions, TimeProvider time, ILogger<TaskWorker> logger)
    {
        _broker = broker;
        _options = options;
        _heartbeats = heartbeats;
        _hostOptions = hostOptions;
        _time = time;
        _logger = logger;
        WorkerId = string.IsNullOrEmpty(options.WorkerId)
            ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"
            : options.WorkerId;
        _queues = options.Queues.Select(q => new QueueState(q, options.Prefetch)).ToArray();
        _queuesByName = _queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        _queueNames = _queues.Select(q => q.Name).ToArray();
        _runner = new JobRunner(broker, registry, scopes, options, middleware.ToArray(), observers.ToArray(), _acks, time, logger);
        _admin = BrokerAdmin.Of(broker);
        _startedAt = time.GetUtcNow();
    }

    public string WorkerId { get; }

    /// <summary>How long running jobs may finish once stopping starts.</summary>
    internal TimeSpan ShutdownGrace =>
        _options.ShutdownGrace ?? TimeSpan.FromTicks(_hostOptions.ShutdownTimeout.Ticks / 4 * 3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _heartbeats.Register(WorkerId, _options.HeartbeatInterval, _time.GetUtcNow());
        WorkerLog.Started(_logger, WorkerId, string.Join(", ", _options.Queues.Select(q => $"{q.Name}×{q.Concurrency}")),
            _options.StrictOrder ? "strict" : "weighted");
        var runners = _queues
            .SelectMany(q => Enumerable.Range(0, q.Options.Concurrency).Select(_ => Task.Run(() => RunQueueAsync(q), CancellationToken.None)))
            .ToArray();
        using var background = new CancellationTokenSource();
        var acker = Task.Run(() => AckLoopAsync(background.Token), CancellationToken.None);
        var heartbeat = Task.Run(() => HeartbeatLoopAsync(background.Token), CancellationToken.None);
        try
        {
            await FetchLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }

        _stopping = true;
        foreach (var queue in _queues)
            queue.Backlog.Complete();
        // Jobs waiting for a runner go back now, not once a runner is free: a runner may be busy until the grace
        // period ends, and the prefetch of a queue with few runners can be many jobs deep.
        var allRunners = Task.WhenAll(runners.Append(Task.Run(() => PutBackWaitingAsync(stopping: true), CancellationToken.None)));
        var grace = ShutdownGrace;
        if (await Task.WhenAny(allRunners, Task.Delay(grace, _time, CancellationToken.None)).ConfigureAwait(false) != allRunners)
        {
            WorkerLog.GraceExpired(_logger, _held.Count, grace);
            foreach (var job in _held.Values)
                job.Stop(StopReason.Shutdown);
            await allRunners.ConfigureAwait(false);
        }
        await background.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(acker, heartbeat).ConfigureAwait(false);
        await RemoveStatusAsync().ConfigureAwait(false);
        _heartbeats.Unregister(WorkerId);
        WorkerLog.Stopped(_logger, WorkerId);
    }

    private async Task FetchLoopAsync(CancellationToken stoppingToken)
    {
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var order = FetchOrder();
            if (order.Count == 0)
            {
                // Wait for a slot to free up, or for a cooling queue to be served again. A queue whose cool-down ended
                // since FetchOrder counts as 0 ms (a 1 ms wait): leaving it out would wait for a runner's signal that
                // may never come when nothing runs.
                long cooling = _queues.Where(q => q.WantsJobs).Select(q => q.CoolingFor).DefaultIfEmpty(-1).Min();
                await _capacity.WaitAsync(TimeSpan.FromMilliseconds(cooling < 0 ? -1 : Math.Max(1, cooling)), stoppingToken).ConfigureAwait(false);
                continue;
            }
            var request = new FetchRequest
            {
                Queues = order.Select(q => q.Name).ToArray(),
                Count = _fetchOne ? 1 : Math.Min(MaxFetch, order.Sum(q => q.Free)),
                Lease = _options.LeaseDuration,
                WorkerId = WorkerId,
            };
            await _ackOrFetch.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            var acks = _acks.Drain();
            FetchResult fetched;
            try
            {
                // The fetch itself is not cancelled by the stop: jobs the broker leased must reach a runner (which
                // puts them back), or they would wait for their lease to expire.
                if (acks.Count > 0)
                {
                    var reply = await _broker.AckAndFetchAsync(acks, request, CancellationToken.None).ConfigureAwait(false);
                    foreach (var refused in reply.Refused)
                        WorkerLog.AckRefused(_logger, refused);
                    fetched = reply.Next;
                }
                else
                {
                    fetched = await _broker.FetchAsync(request, CancellationToken.None).ConfigureAwait(false);
                }
                failures = 0;
            }
            catch (Exception e)
            {
                _acks.Return(acks);
                _ackOrFetch.Release();
                await PauseAfterFailureAsync(e, "fetch", ++failures, stoppingToken).ConfigureAwait(false);
                continue;
            }
            _ackOrFetch.Release();

            _fetchOne = false;
            if (FirstSuspect(fetched.Jobs) is { } suspect)
            {
                await RunAloneAsync(suspect, fetched.Jobs, stoppingToken).ConfigureAwait(false);
                continue;
            }
            foreach (var job in fetched.Jobs)
                Dispatch(job);
            if (fetched.Jobs.Count == 0)
                await WaitForWorkAsync(request.Queues, fetched.NextDueAt, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForWorkAsync(IReadOnlyList<string> queues, DateTimeOffset? nextDue, CancellationToken stoppingToken)
    {
        // A scheduled job's due time is kept by a local timer (DueTimer), not by the broker wait's timeout: Redis times blocked
        // commands out on its cron tick (every 100 ms at the default hz 10), which made scheduled jobs up to 100 ms
        // late. Broker waits left pending stay watched until they end (within IdleWait): one of them may be the
        // waiter Redis hands a wake-up to, even after the set of queues with free slots changed.
        TimeSpan? untilDue = null;
        if (nextDue is { } due)
        {
            var remaining = due - _time.GetUtcNow();
            if (remaining < _options.IdleWait)
                untilDue = remaining > TimeSpan.FromMilliseconds(1) ? remaining : TimeSpan.FromMilliseconds(1);
        }
        if (!_wakes.Exists(w => w.Queues.SequenceEqual(queues)))
            _wakes.Add(new PendingWake(queues, WakeAsync(queues, stoppingToken)));
        var waits = new List<Task>(_wakes.Count + 2);
        foreach (var wake in _wakes)
            waits.Add(wake.Wake);
        if (untilDue is { } local)
            waits.Add(DueTimer.DelayAsync(local, _time));
        // A queue left out of this fetch for want of free slots may have work: a slot freeing up ends the wait too,
        // or that queue would sit idle until a wake-up for the others or IdleWait.
        using var slotWait = new CancellationTokenSource();
        if (queues.Count < _queues.Length)
            waits.Add(_capacity.WaitAsync(Timeout.Infinite, slotWait.Token));
        await Task.WhenAny(waits).ConfigureAwait(false);
        await slotWait.CancelAsync().ConfigureAwait(false);

        Exception? error = null;
        for (int i = _wakes.Count - 1; i >= 0; i--)
        {
            if (_wakes[i].Wake.IsCompleted)
            {
                error ??= await _wakes[i].Wake.ConfigureAwait(false);
                _wakes.RemoveAt(i);
            }
        }
        if (error is not null && !stoppingToken.IsCancellationRequested)
            await PauseAfterFailureAsync(error, "wait for work", 1, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Waits for work on the broker and returns its error, so an abandoned wait never faults unobserved.</summary>
    private async Task<Exception?> WakeAsync(IReadOnlyList<string> queues, CancellationToken stoppingToken)
    {
        try
        {
            await _broker.WaitForWorkAsync(queues, _options.IdleWait, stoppingToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private sealed record PendingWake(IReadOnlyList<string> Queues, Task<Exception?> Wake);

    private async Task PauseAfterFailureAsync(Exception error, string operation, int failures, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10))) * (0.5 + Random.Shared.NextDouble() / 2));
        WorkerLog.BrokerUnavailable(_logger, error, WorkerId, operation, delay);
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The queues with free slots, in the order to fetch them: as declared, or weighted at random.</summary>
    private List<QueueState> FetchOrder()
    {
        var open = _queues.Where(q => q.WantsJobs && !q.IsCooling).ToList();
        if (_options.StrictOrder || open.Count < 2)
            return open;
        var ordered = new List<QueueState>(open.Count);
        while (open.Count > 0)
        {
            int total = open.Sum(q => q.Options.Weight);
            int pick = Random.Shared.Next(total);
            int index = 0;
            while (pick >= open[index].Options.Weight)
                pick -= open[index++].Options.Weight;
            ordered.Add(open[index]);
            open.RemoveAt(index);
        }
        return ordered;
    }

    private static LeasedJob? FirstSuspect(IReadOnlyList<LeasedJob> jobs)
    {
        foreach (var job in jobs)
        {
            if (job.Stalls > 0)
                return job;
        }
        return null;
    }

    private void Dispatch(LeasedJob job)
    {
        var queue = _queuesByName[job.Queue];
        var running = new RunningJob(job);
        queue.Take();
        _held[job.Id] = running;
        queue.Backlog.Add(running);
    }

    /// <summary>
    /// Puts back in their queues the jobs waiting for a runner: when the worker stops (each logged as put back for
    /// that), or before a suspect runs alone.
    /// </summary>
    private async Task PutBackWaitingAsync(bool stopping)
    {
        foreach (var queue in _queues)
        {
            while (queue.Backlog.TryTake(out var waiting))
            {
                if (await PutBackAsync(waiting.Lease).ConfigureAwait(false) && stopping)
                    WorkerLog.Requeued(_logger, waiting.Job.Id, waiting.Job.Queue);
                Forget(queue, waiting);
            }
        }
    }

    private async Task RunQueueAsync(QueueState queue)
    {
        while (await queue.Backlog.TakeAsync().ConfigureAwait(false) is { } running)
        {
            // Taking the last waiting job can make the queue want jobs again.
            WakeFetchIfWanted(queue);
            try
            {
                if (_stopping)
                {
                    await _runner.RequeueAsync(running).ConfigureAwait(false);
                }
                else
                {
                    long started = _time.GetTimestamp();
                    running.StartedAt = _time.GetUtcNow();
                    if (await _runner.RunAsync(running).ConfigureAwait(false))
                        queue.RecordRunTime(_time.GetElapsedTime(started));
                    else
                        queue.CoolDown(_options.ForeignTaskCooldown);
                }
            }
            catch (Exception e)
            {
                WorkerLog.OutcomeNotRecorded(_logger, e, running.Job.Id);
            }
            finally
            {
                Forget(queue, running);
            }
            // Let the woken fetch loop have this thread: the pool's other threads may all be runners working through
            // the backlog, and the fetch must go out while jobs remain to run, so Redis works on it meanwhile.
            if (WakeFetchIfWanted(queue))
                await Task.Yield();
        }
    }

    /// <summary>
    /// Wakes the fetch loop when the queue wants jobs; a job that ends while the queue's other slots still hold jobs
    /// does not, so a batch of jobs wakes the fetch loop about once instead of once per job.
    /// </summary>
    /// <returns>Whether the fetch loop was signalled.</returns>
    private bool WakeFetchIfWanted(QueueState queue)
    {
        if (!queue.WantsJobs || _capacity.CurrentCount != 0)
            return false;
        _capacity.Release();
        return true;
    }

    /// <summary>Drops a job this worker no longer holds (done, failed or put back) and frees its queue slot.</summary>
    private void Forget(QueueState queue, RunningJob running)
    {
        _held.TryRemove(running.Job.Id, out _);
        running.Dispose();
        queue.Release();
    }
}
