using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// The fetch loop: leases jobs for the queues with free slots, taking the finished jobs' acks along, and hands them to
/// the queues' runners.
/// </summary>
/// <remarks>
/// Up to <see cref="MaxFetchesInFlight"/> fetches are in flight at once. With one, the broker and this process took
/// turns: while a reply was on its way the runners ran out of jobs, and while they ran the next batch the broker sat
/// idle (a broker call was in flight 93 % of a no-op drain's wall time, with Redis busy for half of it). A second fetch
/// goes out once half a queue's slots are free again, so the broker works on it while the runners work on the first.
/// Each fetch reserves the free slots it asks jobs for until its reply is in, so two fetches never count the same slot;
/// replies are handled in the order their fetches were sent.
/// </remarks>
internal sealed partial class TaskWorker
{
    private const int MaxFetchesInFlight = 2;

    /// <summary>
    /// The fewest jobs a fetch asks for to go out beside another: for a few jobs an extra broker call costs more than
    /// waiting for the reply on its way (and a worker of one or two runners without prefetch keeps its one-at-a-time
    /// fetches over all its queues).
    /// </summary>
    private const int MinFetchAhead = 8;

    /// <summary>A fetch sent to the broker: what it asked for, the slots it reserved and the acks it carries.</summary>
    private sealed class FetchCall(FetchRequest request, List<(QueueState Queue, int Slots)> reserved, List<JobAck> acks, Task<AckAndFetchResult> reply)
    {
        public FetchRequest Request { get; } = request;

        public List<JobAck> Acks { get; } = acks;

        public Task<AckAndFetchResult> Reply { get; } = reply;

        public void Unreserve()
        {
            foreach (var (queue, slots) in reserved)
                queue.Unreserve(slots);
        }
    }

    private async Task FetchLoopAsync(CancellationToken stoppingToken)
    {
        var calls = new Queue<FetchCall>(MaxFetchesInFlight);
        int failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (calls.TryPeek(out var oldest) && oldest.Reply.IsCompleted)
                {
                    calls.Dequeue();
                    var (fetched, error) = await ReceiveAsync(oldest, calls.Count).ConfigureAwait(false);
                    if (fetched is null)
                    {
                        await PauseAfterFailureAsync(error!, "fetch", ++failures, stoppingToken).ConfigureAwait(false);
                        continue;
                    }
                    failures = 0;
                    _fetchOne = false;
                    if (FirstSuspect(fetched.Jobs) is { } suspect)
                    {
                        await PutBackRepliesAsync(calls).ConfigureAwait(false);
                        await RunAloneAsync(suspect, fetched.Jobs, stoppingToken).ConfigureAwait(false);
                        continue;
                    }
                    foreach (var job in fetched.Jobs)
                        Dispatch(job);
                    // A queue this fetch left out may want jobs by now: the runner's signal for it may have ended the
                    // wait for this reply, and the wait for work would not see it again.
                    if (fetched.Jobs.Count == 0 && calls.Count == 0 && !OtherQueueWantsJobs(oldest.Request.Queues))
                        await WaitForWorkAsync(oldest.Request.Queues, fetched.NextDueAt, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                int limit = _fetchOne ? 1 : MaxFetchesInFlight;
                if (calls.Count < limit && NextFetch(calls.Count == 0 ? 1 : MinFetchAhead) is { } next)
                {
                    // A fetch waits for an ack call in flight and the ack loop for the fetches: the broker never
                    // counts a finished job as held beside the one fetched for its slot (a Postgres commit is slow
                    // enough for a fetch to overtake an ack). Fetches in flight together carry disjoint acks and slots.
                    if (calls.Count == 0)
                        await _ackOrFetch.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    var acks = _acks.Drain();
                    calls.Enqueue(new FetchCall(next.Request, next.Reserved, acks, SendAsync(acks, next.Request)));
                    continue;
                }

                if (calls.Count == 0)
                    await WaitForSlotAsync(stoppingToken).ConfigureAwait(false);
                else if (calls.Count < limit)
                    await WaitForReplyOrSlotAsync(calls.Peek().Reply, stoppingToken).ConfigureAwait(false);
                else
                    await ((Task)calls.Peek().Reply).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            // The fetches themselves are not cancelled by the stop: jobs the broker leased must reach a runner (which
            // puts them back), or they would wait for their lease to expire.
            while (calls.TryDequeue(out var call))
            {
                if ((await ReceiveAsync(call, calls.Count).ConfigureAwait(false)).Fetched is { } fetched)
                {
                    foreach (var job in fetched.Jobs)
                        Dispatch(job);
                }
            }
        }
    }

    /// <summary>
    /// The next fetch with the slots it reserves, or <see langword="null"/> when no queue wants jobs now or the fetch
    /// would ask for fewer than <paramref name="atLeast"/>.
    /// </summary>
    private (FetchRequest Request, List<(QueueState Queue, int Slots)> Reserved)? NextFetch(int atLeast)
    {
        var order = FetchOrder();
        if (order.Count == 0)
            return null;
        int count = _fetchOne ? 1 : Math.Min(MaxFetch, order.Sum(q => q.Free));
        if (count < atLeast)
            return null;
        var reserved = new List<(QueueState Queue, int Slots)>(order.Count);
        int left = count;
        foreach (var queue in order)
        {
            int slots = Math.Min(left, queue.Free);
            if (slots <= 0)
                break;
            queue.Reserve(slots);
            reserved.Add((queue, slots));
            left -= slots;
        }
        var request = new FetchRequest
        {
            Queues = order.Select(q => q.Name).ToArray(),
            Count = count,
            Lease = _options.LeaseDuration,
            WorkerId = WorkerId,
        };
        return (request, reserved);
    }

    private bool OtherQueueWantsJobs(IReadOnlyList<string> fetched)
    {
        foreach (var queue in _queues)
        {
            if (queue.WantsJobs && !queue.IsCooling && !fetched.Contains(queue.Name))
                return true;
        }
        return false;
    }

    private async Task<AckAndFetchResult> SendAsync(List<JobAck> acks, FetchRequest request)
    {
        if (acks.Count > 0)
            return await _broker.AckAndFetchAsync(acks, request, CancellationToken.None).ConfigureAwait(false);
        return new AckAndFetchResult { Refused = [], Next = await _broker.FetchAsync(request, CancellationToken.None).ConfigureAwait(false) };
    }

    /// <summary>
    /// Takes a fetch's reply: gives back its reserved slots, and lets the ack loop call again once no fetch is left in
    /// flight. A failed fetch's acks go back to the buffer.
    /// </summary>
    /// <returns>The jobs fetched, or the fetch's error.</returns>
    private async Task<(FetchResult? Fetched, Exception? Error)> ReceiveAsync(FetchCall call, int stillInFlight)
    {
        try
        {
            var reply = await call.Reply.ConfigureAwait(false);
            foreach (var refused in reply.Refused)
                WorkerLog.AckRefused(_logger, refused);
            return (reply.Next, null);
        }
        catch (Exception e)
        {
            _acks.Return(call.Acks);
            return (null, e);
        }
        finally
        {
            call.Unreserve();
            if (stillInFlight == 0)
                _ackOrFetch.Release();
        }
    }

    /// <summary>Before a suspect runs alone: the jobs of the fetches still in flight go back to their queues unstarted.</summary>
    private async Task PutBackRepliesAsync(Queue<FetchCall> calls)
    {
        while (calls.TryDequeue(out var call))
        {
            if ((await ReceiveAsync(call, calls.Count).ConfigureAwait(false)).Fetched is { } fetched)
            {
                foreach (var job in fetched.Jobs)
                    await PutBackAsync(job.Lease).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for a slot to free up, or for a cooling queue to be served again.</summary>
    private async Task WaitForSlotAsync(CancellationToken stoppingToken)
    {
        // A queue whose cool-down ended since FetchOrder counts as 0 ms (a 1 ms wait): leaving it out would wait for a
        // runner's signal that may never come when nothing runs.
        long cooling = _queues.Where(q => q.WantsJobs).Select(q => q.CoolingFor).DefaultIfEmpty(-1).Min();
        await _capacity.WaitAsync(TimeSpan.FromMilliseconds(cooling < 0 ? -1 : Math.Max(1, cooling)), stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the oldest fetch's reply, or for slots that let another fetch go out beside it.</summary>
    private async Task WaitForReplyOrSlotAsync(Task reply, CancellationToken stoppingToken)
    {
        using var slotWait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var slot = _capacity.WaitAsync(Timeout.Infinite, slotWait.Token);
        await Task.WhenAny(reply, slot).ConfigureAwait(false);
        await slotWait.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task WaitForWorkAsync(IReadOnlyList<string> queues, DateTimeOffset? nextDue, CancellationToken stoppingToken)
    {
        // A scheduled job's due time is kept by a local timer, not by the broker wait's timeout: Redis times blocked
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
            waits.Add(Task.Delay(local, _time, CancellationToken.None));
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
}
