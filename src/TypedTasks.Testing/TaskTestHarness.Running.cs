using TypedTasks.Brokers;

namespace TypedTasks.Testing;

public sealed partial class TaskTestHarness
{
    /// <summary>
    /// Jobs are leased for this long on the test clock: the kit renews no lease, and a job must not be handed out
    /// again because a test moved the clock while it ran.
    /// </summary>
    private static readonly TimeSpan RunLease = TimeSpan.FromDays(365);

    private const string WorkerId = "typedtasks-testing";

    /// <summary>
    /// Runs every job due now, one at a time, and the jobs they enqueue that are due now, until none is due (or a job
    /// is deeper than <see cref="TaskTestingOptions.MaxDepth"/>). Cron fire times the clock has passed are enqueued
    /// first. Jobs due later (<c>PerformIn</c>, <c>PerformAt</c>, retries waiting out their backoff) wait for
    /// <see cref="RunDueAsync"/>. The clock does not move.
    /// </summary>
    /// <param name="throwOnFailure">Throw <see cref="JobFailedException"/> after a job's attempt fails (the default); <see langword="false"/> lets jobs fail and retry as in production.</param>
    /// <param name="cancellationToken">Stops the run between two jobs.</param>
    /// <returns>Every attempt run, in the order they ended.</returns>
    /// <exception cref="JobFailedException">An attempt failed and <paramref name="throwOnFailure"/> is set.</exception>
    /// <exception cref="InvalidOperationException">A job is deeper than <see cref="TaskTestingOptions.MaxDepth"/>; it is left waiting.</exception>
    public async Task<IReadOnlyList<JobRun>> RunAllAsync(bool throwOnFailure = true, CancellationToken cancellationToken = default)
    {
        var runs = new List<JobRun>();
        await RunDueNowAsync(runs, throwOnFailure, cancellationToken).ConfigureAwait(false);
        return runs;
    }

    /// <summary>
    /// Moves <see cref="Clock"/> forward by <paramref name="advance"/>, stopping at each time something falls due in
    /// between (a scheduled job, a retry, a cron fire time) to run what is due there as <see cref="RunAllAsync"/>
    /// does; so a retry that falls due within the window runs at its due time, and its own retry too if that still
    /// falls within. With no <paramref name="advance"/>, runs what is due at the clock's time (after the test moved
    /// <see cref="Clock"/> itself).
    /// </summary>
    /// <param name="advance">How far to move the clock; not negative.</param>
    /// <param name="throwOnFailure">Throw <see cref="JobFailedException"/> after a job's attempt fails (the default); the clock stays where the failure happened.</param>
    /// <param name="cancellationToken">Stops the run between two jobs.</param>
    /// <returns>Every attempt run, in the order they ended.</returns>
    /// <exception cref="JobFailedException">An attempt failed and <paramref name="throwOnFailure"/> is set.</exception>
    /// <exception cref="InvalidOperationException">A job is deeper than <see cref="TaskTestingOptions.MaxDepth"/>; it is left waiting.</exception>
    public async Task<IReadOnlyList<JobRun>> RunDueAsync(TimeSpan advance = default, bool throwOnFailure = true, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        var runs = new List<JobRun>();
        var until = Clock.GetUtcNow() + advance;
        while (true)
        {
            var nextJob = await RunDueNowAsync(runs, throwOnFailure, cancellationToken).ConfigureAwait(false);
            var next = Earliest(nextJob, _cron.NextFire());
            if (next is not { } at || at > until || at <= Clock.GetUtcNow())
                break;
            Clock.SetUtcNow(at);
        }
        if (until > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(until);
            await RunDueNowAsync(runs, throwOnFailure, cancellationToken).ConfigureAwait(false);
        }
        return runs;
    }

    /// <summary>Runs what is due at the clock's time until nothing is.</summary>
    /// <returns>When the next waiting job falls due, if any.</returns>
    private async Task<DateTimeOffset?> RunDueNowAsync(List<JobRun> runs, bool throwOnFailure, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _cron.FireDueAsync(Client, Clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var queues = await Store.GetQueuesAsync(cancellationToken).ConfigureAwait(false);
            if (queues.Count == 0)
                return null;
            var fetched = await Store.FetchAsync(FetchFrom(queues), cancellationToken).ConfigureAwait(false);
            if (fetched.Jobs.Count == 0)
                return fetched.NextDueAt;
            var jobRuns = new List<JobRun>();
            await RunLeasedAsync(fetched.Jobs[0], jobRuns).ConfigureAwait(false);
            runs.AddRange(jobRuns);
            if (throwOnFailure)
                ThrowIfFailed(jobRuns);
        }
    }

    /// <summary>
    /// Inline mode: runs the job just stored, before its enqueue returns, with whatever its queue has due before it.
    /// A job a running job enqueues runs nested in it, and its failure is reported by the run that started it all.
    /// </summary>
    private async Task RunInlineAsync(EnqueuedJob job, JobFrame? frame)
    {
        var runs = frame?.Runs ?? [];
        while (true)
        {
            var fetched = await Store.FetchAsync(FetchFrom([job.Queue])).ConfigureAwait(false);
            if (fetched.Jobs.Count == 0)
                break; // a paused queue: the job waits, as it would for a worker
            var leased = fetched.Jobs[0];
            await RunLeasedAsync(leased, runs).ConfigureAwait(false);
            if (leased.Id == job.Id)
                break;
        }
        if (frame is null)
            ThrowIfFailed(runs);
    }

    private async Task RunLeasedAsync(LeasedJob leased, List<JobRun> runs)
    {
        var job = Recorded(leased.Id);
        if (job is not null && job.Depth > _maxDepth)
        {
            await Store.RequeueAsync(leased.Lease).ConfigureAwait(false);
            throw new InvalidOperationException(TooDeep(job));
        }
        var outer = JobFrame.Current;
        JobFrame.Current = new JobFrame(this, job, runs);
        try
        {
            var run = await _executor.Value.RunAsync(leased).ConfigureAwait(false);
            lock (runs) // the members of a group a job enqueues at once may run side by side
                runs.Add(run);
        }
        finally
        {
            JobFrame.Current = outer;
        }
    }

    private static FetchRequest FetchFrom(IReadOnlyList<string> queues) =>
        new() { Queues = queues, Count = 1, Lease = RunLease, WorkerId = WorkerId };

    private static void ThrowIfFailed(List<JobRun> runs)
    {
        var failed = runs.Where(r => r.Outcome != JobOutcome.Succeeded).ToList();
        if (failed.Count > 0)
            throw new JobFailedException(failed[0], failed.Count - 1);
    }

    private string TooDeep(EnqueuedJob job)
    {
        var line = new List<EnqueuedJob>();
        for (var at = job; at is not null; at = at.EnqueuedBy)
            line.Add(at);
        line.Reverse();
        var shown = line.Count <= 6 ? line : [.. line.Take(3), .. line.TakeLast(3)];
        return $"Job {job.Id} ({job.TaskName}) is {job.Depth} jobs deep, past TaskTestingOptions.MaxDepth ({_maxDepth}); it was left waiting. " +
               "Each job below enqueued the next while it ran; a job that enqueues itself (or a cycle) never ends. " +
               "If the line is meant to be this long, raise MaxDepth in AddTypedTasksTesting(mode, o => o.MaxDepth = ...).\n" +
               string.Join("\n", shown.Select(j => $"  depth {j.Depth}: {j}"));
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
