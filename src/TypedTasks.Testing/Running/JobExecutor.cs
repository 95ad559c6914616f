using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedTasks.Brokers;
using TypedTasks.Hosting;

namespace TypedTasks.Testing;

/// <summary>
/// Runs one leased job through the worker's own <c>JobRunner</c> (envelope decoding, registry lookup, a DI scope per
/// job, the application's job middleware and lifecycle observers, time limits on the test clock, retry backoff, dead
/// set, chain links and group completions) and reports how the attempt ended.
/// </summary>
internal sealed class JobExecutor
{
    private readonly IBroker _broker;
    private readonly TaskRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly IJobMiddleware[] _middleware;
    private readonly IJobLifecycleObserver[] _observers;
    private readonly IReadOnlyList<WorkerOptions> _workers;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly OutcomeObserver _outcomes = new();
    private readonly AckBuffer _acks = new();
    private readonly ConcurrentDictionary<WorkerOptions, JobRunner> _runners = new();
    private readonly ConcurrentDictionary<string, WorkerOptions> _queueDefaults = new(StringComparer.Ordinal);

    public JobExecutor(IBroker broker, IServiceProvider services, IReadOnlyList<WorkerOptions> workers, TimeProvider clock)
    {
        _broker = broker;
        _registry = services.GetRequiredService<TaskRegistry>();
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _middleware = services.GetServices<IJobMiddleware>().ToArray();
        _observers = [.. services.GetServices<IJobLifecycleObserver>(), _outcomes];
        _workers = workers;
        _clock = clock;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("TypedTasks.Testing") ?? NullLogger.Instance;
    }

    public async Task<JobRun> RunAsync(LeasedJob job)
    {
        var startedAt = _clock.GetUtcNow();
        string? taskName = TaskNameOf(job);
        var runner = _runners.GetOrAdd(WorkerFor(job.Queue, taskName), CreateRunner);
        using (var running = new RunningJob(job))
        {
            if (!await runner.RunAsync(running).ConfigureAwait(false))
                throw new InvalidOperationException($"Job {job.Id} ({taskName}) was put back: no worker options found that run it.");
        }
        var acks = _acks.Drain();
        if (acks.Count > 0)
            await _broker.AckAndFetchAsync(acks, null).ConfigureAwait(false);
        return await OutcomeOfAsync(job, taskName ?? "?", startedAt).ConfigureAwait(false);
    }

    private async Task<JobRun> OutcomeOfAsync(LeasedJob job, string taskName, DateTimeOffset startedAt)
    {
        bool told = _outcomes.TryTake(job.Id, out var outcome);
        var run = new JobRun
        {
            Id = job.Id,
            TaskName = taskName,
            Queue = job.Queue,
            Attempt = job.Attempt,
            StartedAt = startedAt,
            Outcome = JobOutcome.Succeeded,
        };
        if (told && outcome.Succeeded)
            return run;
        // The broker holds the rest: the retry's due time, dead or cancelled, and the error as the worker worded it.
        var info = await _broker.GetJobAsync(job.Id).ConfigureAwait(false);
        return run with
        {
            Outcome = info?.State switch
            {
                JobState.Retry => JobOutcome.Retrying,
                JobState.Cancelled => JobOutcome.Cancelled,
                _ => JobOutcome.Dead,
            },
            Error = info?.LastError ?? (outcome.Error is { } e ? $"{e.GetType().Name}: {e.Message}" : "the job is gone from the broker"),
            Exception = outcome.Error,
            RetryAt = info is { State: JobState.Retry } ? info.DueAt : null,
        };
    }

    /// <summary>
    /// The options of the application's worker that would run this job (its backoff, its queue's retention); a
    /// plain worker of the queue when the application registers none that serves it (a web app whose workers run
    /// in another process).
    /// </summary>
    private WorkerOptions WorkerFor(string queue, string? taskName)
    {
        foreach (var worker in _workers)
        {
            if (worker.Queues.Any(q => q.Name == queue) && (worker.TaskNames.Count == 0 || taskName is not null && worker.TaskNames.Contains(taskName)))
                return worker;
        }
        return _queueDefaults.GetOrAdd(queue, static name => new WorkerOptions().Queue(name));
    }

    private JobRunner CreateRunner(WorkerOptions worker) =>
        new(_broker, _registry, _scopes, worker, _middleware, _observers, _acks, _clock, _logger);

    private static string? TaskNameOf(LeasedJob job)
    {
        try
        {
            return JobEnvelopeCodec.Decode(job.Envelope).Name;
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or ArgumentException)
        {
            return null;
        }
    }
}
