namespace TypedTasks.Testing;

/// <summary>
/// <see cref="TaskClient.Default"/> under the test kit. The parameterless <c>PerformAsync()</c> reaches one static
/// client per process, while test frameworks run several tests (several hosts) at once: this client sends each call
/// to the harness running the current job, else to the only live harness, and refuses to guess between several.
/// </summary>
internal sealed class DefaultClientRouter : ITaskClient
{
    public static readonly DefaultClientRouter Instance = new();

    private readonly object _gate = new();
    private readonly List<TaskTestHarness> _live = [];

    public void Add(TaskTestHarness harness)
    {
        lock (_gate)
        {
            if (!_live.Contains(harness))
                _live.Add(harness);
        }
    }

    public void Remove(TaskTestHarness harness)
    {
        lock (_gate)
            _live.Remove(harness);
    }

    public TimeProvider TimeProvider => Target().TimeProvider;

    public ValueTask<JobId> EnqueueAsync<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null, JobOptions? options = null,
        CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask> =>
        Target().EnqueueAsync(task, queue, runAt, options, cancellationToken);

    public ValueTask<IReadOnlyList<JobId>> EnqueueManyAsync<TTask>(IEnumerable<TTask> tasks, string? queue = null, DateTimeOffset? runAt = null,
        JobOptions? options = null, CancellationToken cancellationToken = default)
        where TTask : IGeneratedTask<TTask> =>
        Target().EnqueueManyAsync(tasks, queue, runAt, options, cancellationToken);

    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => Target().GetJobAsync(id, cancellationToken);

    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => Target().DeleteJobAsync(id, cancellationToken);

    public ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => Target().CancelAsync(id, cancellationToken);

    public ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default) => Target().PauseQueueAsync(queue, cancellationToken);

    public ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default) => Target().ResumeQueueAsync(queue, cancellationToken);

    private ITaskClient Target()
    {
        if (JobFrame.Current is { } frame)
            return frame.Harness.Client;
        lock (_gate)
        {
            return _live.Count switch
            {
                1 => _live[0].Client,
                0 => throw new InvalidOperationException(
                    "TaskClient.Default belongs to the TypedTasks test kit, but no test harness is live: the test's host or service provider was disposed. " +
                    "Enqueue while the application under test runs, or pass an ITaskClient to PerformAsync."),
                _ => throw new InvalidOperationException(
                    $"{_live.Count} TypedTasks test harnesses are live in this process (tests running in parallel, or a host not disposed), and " +
                    "PerformAsync() without a client cannot tell which application this job belongs to. Run the tests that enqueue through " +
                    "TaskClient.Default one at a time (xunit: one [Collection] for them), dispose each test's host, or pass the application's " +
                    "ITaskClient to PerformAsync(client)."),
            };
        }
    }
}
