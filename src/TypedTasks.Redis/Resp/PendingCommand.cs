namespace TypedTasks.Redis.Resp;

/// <summary>
/// A command on its way to the server or waiting for its reply. The read loop stores the reply and a
/// <see cref="ReplyBatch"/> delivers it on a thread-pool thread, where the caller's continuation runs inline. Failures
/// (a lost connection, a timeout, a cancellation) are delivered on the thread pool too: no caller's code ever runs on
/// the read loop, the timeout timer or the thread that cancels.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisValue>
{
    private CancellationTokenRegistration _cancellation;
    private RedisValue _reply;
    private Exception? _error;

    public PendingCommand(string command, IReadOnlyList<RedisArg> args, long deadline)
    {
        Command = command;
        Args = args;
        Deadline = deadline;
    }

    public string Command { get; }

    public IReadOnlyList<RedisArg> Args { get; }

    /// <summary>The <see cref="Environment.TickCount64"/> after which the caller stops waiting; set when it is sent.</summary>
    public long Deadline { get; set; }

    public void CancelWith(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(static state =>
                ThreadPool.UnsafeQueueUserWorkItem(static command => command.TrySetCanceled(), (PendingCommand)state!, preferLocal: false), this);
    }

    /// <summary>Stores the server's reply (called by the read loop; <see cref="Deliver"/> hands it over later).</summary>
    public void SetReply(RedisValue value) => _reply = value;

    /// <summary>Stores the server's error reply (called by the read loop; <see cref="Deliver"/> hands it over later).</summary>
    public void SetError(Exception error) => _error = error;

    /// <summary>Completes the caller's task with the stored reply, running its continuation on this thread.</summary>
    public void Deliver()
    {
        _cancellation.Dispose();
        if (_error is null)
            TrySetResult(_reply);
        else
            TrySetException(_error);
    }

    /// <summary>Fails the caller's task from the thread pool.</summary>
    public void Fail(Exception error)
    {
        if (Task.IsCompleted)
            return;
        _cancellation.Dispose();
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Command.TrySetException(state.Error), (Command: this, Error: error), preferLocal: false);
    }
}
