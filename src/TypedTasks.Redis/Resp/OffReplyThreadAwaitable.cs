using System.Runtime.CompilerServices;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// Awaits a <see cref="RedisClient"/> call and resumes on the thread pool instead of inline on the reply batch that
/// delivered it. The broker awaits every call this way, so the code of whoever awaits the broker (a user's handler, a
/// web request) never runs on a reply batch, where it would hold up the other callers' replies.
/// </summary>
internal readonly struct OffReplyThreadAwaitable<T>(Task<T> task) : ICriticalNotifyCompletion
{
    public OffReplyThreadAwaitable<T> GetAwaiter() => this;

    public bool IsCompleted => task.IsCompleted && !ReplyBatch.IsDeliveringAny;

    public T GetResult() => task.GetAwaiter().GetResult();

    public void OnCompleted(Action continuation) => OffReplyThreadExtensions.ResumeOnThreadPool(task, continuation, flowContext: true);

    public void UnsafeOnCompleted(Action continuation) => OffReplyThreadExtensions.ResumeOnThreadPool(task, continuation, flowContext: false);
}

/// <summary><see cref="OffReplyThreadAwaitable{T}"/> for the calls that return no value.</summary>
internal readonly struct OffReplyThreadAwaitable(Task task) : ICriticalNotifyCompletion
{
    public OffReplyThreadAwaitable GetAwaiter() => this;

    public bool IsCompleted => task.IsCompleted && !ReplyBatch.IsDeliveringAny;

    public void GetResult() => task.GetAwaiter().GetResult();

    public void OnCompleted(Action continuation) => OffReplyThreadExtensions.ResumeOnThreadPool(task, continuation, flowContext: true);

    public void UnsafeOnCompleted(Action continuation) => OffReplyThreadExtensions.ResumeOnThreadPool(task, continuation, flowContext: false);
}

/// <summary>Creates <see cref="OffReplyThreadAwaitable{T}"/>s.</summary>
internal static class OffReplyThreadExtensions
{
    public static OffReplyThreadAwaitable<T> OffReplyThread<T>(this Task<T> task) => new(task);

    public static OffReplyThreadAwaitable OffReplyThread(this Task task) => new(task);

    /// <summary>Runs <paramref name="continuation"/> as a thread-pool work item once <paramref name="task"/> completes.</summary>
    internal static void ResumeOnThreadPool(Task task, Action continuation, bool flowContext)
    {
        var awaiter = task.ConfigureAwait(false).GetAwaiter();
        if (flowContext)
            awaiter.OnCompleted(() => ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false));
        else
            awaiter.UnsafeOnCompleted(() => ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false));
    }
}
