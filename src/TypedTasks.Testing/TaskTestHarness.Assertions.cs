using System.Runtime.CompilerServices;

namespace TypedTasks.Testing;

public sealed partial class TaskTestHarness
{
    /// <summary>Every job stored since the harness started (or since <see cref="ClearAsync"/>), in enqueue order, whatever became of it since.</summary>
    public IReadOnlyList<EnqueuedJob> Enqueued()
    {
        lock (_gate)
            return [.. _enqueued];
    }

    /// <summary>
    /// The jobs of <typeparamref name="TTask"/> stored so far, in enqueue order, each with its task read back from the
    /// stored payload through the generated serializer.
    /// </summary>
    /// <exception cref="TaskPayloadException">A stored payload cannot be read back as <typeparamref name="TTask"/>.</exception>
    public IReadOnlyList<EnqueuedJob<TTask>> Enqueued<TTask>() where TTask : IGeneratedTask<TTask> =>
        Enqueued().Where(j => j.TaskName == TTask.Name).Select(j => new EnqueuedJob<TTask>(j, TaskDescriptor.Decode<TTask>(j.Envelope.Args))).ToList();

    /// <summary>
    /// Asserts that a job of <typeparamref name="TTask"/> matching <paramref name="predicate"/> was enqueued, and
    /// returns the first such job (to check its queue, due time and options).
    /// </summary>
    /// <param name="predicate">What the task must satisfy; any job of the task when <see langword="null"/>.</param>
    /// <param name="expression">The predicate's source text, for the failure message (filled in by the compiler).</param>
    /// <exception cref="TaskAssertionException">No job matches; the message lists the jobs that were enqueued.</exception>
    public EnqueuedJob<TTask> AssertEnqueued<TTask>(Func<TTask, bool>? predicate = null,
        [CallerArgumentExpression(nameof(predicate))] string? expression = null)
        where TTask : IGeneratedTask<TTask>
    {
        var jobs = Enqueued<TTask>();
        var match = jobs.FirstOrDefault(j => predicate?.Invoke(j.Task) ?? true);
        if (match is not null)
            return match;
        throw new TaskAssertionException(EnqueuedListing.Missing<TTask>(expression, jobs, Enqueued()));
    }

    /// <summary>Asserts that no job of <typeparamref name="TTask"/> matching <paramref name="predicate"/> was enqueued.</summary>
    /// <param name="predicate">What the unwanted task would satisfy; any job of the task when <see langword="null"/>.</param>
    /// <param name="expression">The predicate's source text, for the failure message (filled in by the compiler).</param>
    /// <exception cref="TaskAssertionException">A job matches; the message lists the matching jobs.</exception>
    public void AssertNotEnqueued<TTask>(Func<TTask, bool>? predicate = null,
        [CallerArgumentExpression(nameof(predicate))] string? expression = null)
        where TTask : IGeneratedTask<TTask>
    {
        var matches = Enqueued<TTask>().Where(j => predicate?.Invoke(j.Task) ?? true).ToList();
        if (matches.Count > 0)
            throw new TaskAssertionException(EnqueuedListing.Unexpected<TTask>(expression, matches));
    }
}
