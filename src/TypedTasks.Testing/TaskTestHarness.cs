using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TypedTasks.Brokers;
using TypedTasks.Hosting;

namespace TypedTasks.Testing;

/// <summary>
/// The test kit of one application (one service provider): records every job its broker stores, runs them through
/// the worker's own execution path on <see cref="Clock"/>, and asserts on them. Registered by
/// <c>services.AddTypedTasksTesting()</c>; take it from the application's services.
/// </summary>
public sealed partial class TaskTestHarness : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly object _gate = new();
    private readonly List<EnqueuedJob> _enqueued = [];
    private readonly Dictionary<JobId, EnqueuedJob> _byId = [];
    private readonly Lazy<JobExecutor> _executor;
    private readonly CronFires _cron;
    private readonly int _maxDepth;
    private volatile TestMode _mode;

    internal TaskTestHarness(IServiceProvider services, TaskTestingOptions options, FakeTimeProvider clock)
    {
        _services = services;
        _mode = options.Mode;
        _maxDepth = options.MaxDepth;
        Clock = clock;
        Broker = new RecordingBroker(new InMemoryBroker(clock), OnStoredAsync);
        var workers = services.GetServices<WorkerRegistration>().Select(r => r.Options).ToArray();
        _cron = new CronFires(workers.SelectMany(w => w.Schedules).ToArray(), clock.GetUtcNow());
        // Resolved at the first run, not here: the application's observers and middleware may take ITaskClient,
        // whose broker is this harness's.
        _executor = new Lazy<JobExecutor>(() => new JobExecutor(Broker, services, workers, clock));
        DefaultClientRouter.Instance.Add(this);
        TaskClient.Default = DefaultClientRouter.Instance;
    }

    /// <summary>What an enqueue does from now on: record the job (<see cref="TestMode.Fake"/>) or run it (<see cref="TestMode.Inline"/>).</summary>
    public TestMode Mode
    {
        get => _mode;
        set => _mode = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "TestMode.Fake or TestMode.Inline.");
    }

    /// <summary>
    /// The application's clock (its <see cref="TimeProvider"/>), the broker's and the jobs'. Move it with
    /// <see cref="RunDueAsync"/>, or yourself with <see cref="FakeTimeProvider.Advance"/> before a run.
    /// </summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The application's <see cref="ITaskClient"/>, with its enqueue middleware.</summary>
    public ITaskClient Client => _services.GetRequiredService<ITaskClient>();

    /// <summary>The cron schedules of the application's workers that the runs fire.</summary>
    public int CronSchedules => _cron.Count;

    /// <summary>The application's broker: the in-memory broker on <see cref="Clock"/>, recording what it stores.</summary>
    internal RecordingBroker Broker { get; }

    private InMemoryBroker Store => Broker.Store;

    /// <summary>Forgets the jobs recorded so far and deletes those still waiting, as if none had been enqueued.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        EnqueuedJob[] jobs;
        lock (_gate)
        {
            jobs = [.. _enqueued];
            _enqueued.Clear();
            _byId.Clear();
        }
        foreach (var job in jobs)
            await Store.DeleteJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops routing <see cref="TaskClient.Default"/> to this harness.</summary>
    public void Dispose() => DefaultClientRouter.Instance.Remove(this);

    private async ValueTask OnStoredAsync(EnqueueRequest request)
    {
        var frame = JobFrame.Current is { } current && current.Harness == this ? current : null;
        var parent = frame?.Job;
        var job = new EnqueuedJob(JobEnvelopeCodec.Decode(request.Envelope), request.DueAt, parent, parent is null ? 0 : parent.Depth + 1);
        lock (_gate)
        {
            _enqueued.Add(job);
            _byId[job.Id] = job;
        }
        if (Mode == TestMode.Inline && (request.DueAt is not { } due || due <= Clock.GetUtcNow()))
            await RunInlineAsync(job, frame).ConfigureAwait(false);
    }

    private EnqueuedJob? Recorded(JobId id)
    {
        lock (_gate)
            return _byId.GetValueOrDefault(id);
    }
}
