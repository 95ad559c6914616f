namespace TypedTasks;

/// <summary>
/// Jobs that run independently, followed by an optional completion job enqueued once, when every member is done
/// (Tasqueue groups, Sidekiq batches, Celery chords). Build one with <see cref="TaskGroupClientExtensions.Group"/>.
/// </summary>
public sealed class TaskGroup
{
    private readonly ITaskClient _client;
    private readonly List<Func<ITaskClient, JobOptions, CancellationToken, ValueTask<JobId>>> _members = [];
    private Func<JobId, DateTimeOffset, ReadOnlyMemory<byte>>? _completion;

    internal TaskGroup(ITaskClient client) => _client = client;

    /// <summary>Adds a member.</summary>
    /// <returns>This group, for chaining.</returns>
    public TaskGroup Add<TTask>(TTask task, string? queue = null) where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(task);
        _members.Add((client, options, ct) => client.EnqueueAsync(task, queue, null, options, ct));
        return this;
    }

    /// <summary>Sets the job enqueued once, when every member has succeeded or failed for good.</summary>
    /// <returns>This group, for chaining.</returns>
    public TaskGroup OnComplete<TTask>(TTask task, string? queue = null) where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(task);
        _completion = (id, now) => BrokerTaskClient.BuildRequest(task, queue, null, TaskChain.LinkOptions<TTask>(id), now).Envelope;
        return this;
    }

    /// <summary>Enqueues every member.</summary>
    /// <returns>A handle for <see cref="TaskGroupClientExtensions.GetGroupAsync"/>.</returns>
    /// <exception cref="InvalidOperationException">The group has no member.</exception>
    public async ValueTask<GroupHandle> EnqueueAsync(CancellationToken cancellationToken = default)
    {
        if (_members.Count == 0)
            throw new InvalidOperationException("A task group needs at least one member: call Add before EnqueueAsync.");
        string groupId = JobId.New().Value;
        var completionId = _completion is null ? (JobId?)null : new JobId($"group:{groupId}:done");
        var completion = _completion is null ? (ReadOnlyMemory<byte>?)null : _completion(completionId!.Value, DateTimeOffset.UtcNow);
        var ids = Enumerable.Range(0, _members.Count).Select(i => new JobId($"group:{groupId}:{i}")).ToArray();
        await Task.WhenAll(_members.Select((enqueue, i) => enqueue(_client, new JobOptions
        {
            JobId = ids[i],
            KeepResultFor = TaskChain.KeepFor,
            Group = (groupId, _members.Count, completion),
        }, cancellationToken).AsTask())).ConfigureAwait(false);
        return new GroupHandle(groupId, ids, completionId);
    }
}

/// <summary>A group that was enqueued: its id, its members' job ids and its completion job's id.</summary>
public sealed record GroupHandle(string GroupId, IReadOnlyList<JobId> JobIds, JobId? CompletionJobId);

/// <summary>A group's progress: members done, members failed, each member's state (null once removed), and the completion job.</summary>
public sealed record GroupStatus(int Done, int Failed, IReadOnlyDictionary<JobId, JobState?> Members, JobInfo? Completion)
{
    /// <summary>Whether every member has succeeded or failed for good.</summary>
    public bool IsComplete => Done == Members.Count;
}

/// <summary>Starts groups and reads their status.</summary>
public static class TaskGroupClientExtensions
{
    /// <summary>Starts an empty group; add members with <see cref="TaskGroup.Add{TTask}"/>.</summary>
    public static TaskGroup Group(this ITaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new TaskGroup(client);
    }

    /// <summary>A group of tasks of one type.</summary>
    public static TaskGroup Group<TTask>(this ITaskClient client, IEnumerable<TTask> tasks) where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var group = client.Group();
        foreach (var task in tasks)
            group.Add(task);
        return group;
    }

    /// <summary>The group's status, from its members' jobs.</summary>
    public static async ValueTask<GroupStatus> GetGroupAsync(this ITaskClient client, GroupHandle group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(group);
        var members = new Dictionary<JobId, JobState?>();
        foreach (var id in group.JobIds)
            members[id] = (await client.GetJobAsync(id, cancellationToken).ConfigureAwait(false))?.State;
        var completion = group.CompletionJobId is { } completionId ? await client.GetJobAsync(completionId, cancellationToken).ConfigureAwait(false) : null;
        int done = members.Values.Count(s => s is JobState.Succeeded or JobState.Dead or JobState.Cancelled);
        int failed = members.Values.Count(s => s is JobState.Dead or JobState.Cancelled);
        return new GroupStatus(done, failed, members, completion);
    }
}
