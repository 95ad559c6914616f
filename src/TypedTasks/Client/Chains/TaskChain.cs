namespace TypedTasks;

/// <summary>
/// Jobs that run one after another (Tasqueue's chains): each link is enqueued when the one before it succeeds and can
/// read that link's result through <see cref="TaskContext.PreviousResult"/>; a link that fails for good stops the
/// chain. Build one with <see cref="TaskChainClientExtensions.Chain{TTask}"/> and <see cref="Then{TTask}"/>.
/// </summary>
public sealed class TaskChain
{
    /// <summary>How long chain jobs are kept after they end, so the chain's status can be read.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    private readonly ITaskClient _client;
    private readonly Func<ITaskClient, JobOptions, CancellationToken, ValueTask<JobId>> _first;
    private readonly List<Func<JobId, DateTimeOffset, ReadOnlyMemory<byte>>> _rest = [];

    internal TaskChain(ITaskClient client, Func<ITaskClient, JobOptions, CancellationToken, ValueTask<JobId>> first)
    {
        _client = client;
        _first = first;
    }

    /// <summary>Adds a link that runs after the previous one succeeds.</summary>
    /// <returns>This chain, for chaining.</returns>
    public TaskChain Then<TTask>(TTask task, string? queue = null) where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(task);
        _rest.Add((id, now) => BrokerTaskClient.BuildRequest(task, queue, null, LinkOptions<TTask>(id), now).Envelope);
        return this;
    }

    /// <summary>Enqueues the first link; the others follow as the chain runs.</summary>
    /// <returns>A handle for <see cref="TaskChainClientExtensions.GetChainAsync"/>.</returns>
    public async ValueTask<ChainHandle> EnqueueAsync(CancellationToken cancellationToken = default)
    {
        string chainId = JobId.New().Value;
        var ids = Enumerable.Range(0, _rest.Count + 1).Select(i => new JobId($"chain:{chainId}:{i}")).ToArray();
        var now = DateTimeOffset.UtcNow;
        var next = _rest.Select((link, i) => link(ids[i + 1], now)).ToArray();
        await _first(_client, new JobOptions { JobId = ids[0], KeepResultFor = KeepFor, Next = next }, cancellationToken).ConfigureAwait(false);
        return new ChainHandle(chainId, ids);
    }

    internal static JobOptions LinkOptions<TTask>(JobId id) where TTask : IGeneratedTask<TTask> => new()
    {
        JobId = id,
        KeepResultFor = TTask.Options.KeepResultFor is { } keep && keep > KeepFor ? keep : KeepFor,
    };
}

/// <summary>A chain that was enqueued: its id and the ids its links have (or will have).</summary>
public sealed record ChainHandle(string ChainId, IReadOnlyList<JobId> JobIds);

/// <summary>Where a chain stands.</summary>
public enum ChainState
{
    /// <summary>No link has started.</summary>
    Pending,
    /// <summary>A link is waiting, running or retrying.</summary>
    Running,
    /// <summary>Every link succeeded.</summary>
    Succeeded,
    /// <summary>A link failed for good (dead or cancelled); the links after it never run.</summary>
    Failed,
}

/// <summary>A chain's state, how many links completed, which runs now, and each link's job (null until enqueued).</summary>
public sealed record ChainStatus(ChainState State, int Completed, int? Current, IReadOnlyList<JobInfo?> Jobs);
