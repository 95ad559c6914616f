namespace TypedTasks.Redis.Resp;

/// <summary>A command on its way to the server or waiting for its reply, completed by the connection's read loop.</summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisValue>
{
    private CancellationTokenRegistration _cancellation;

    public PendingCommand(string command, IReadOnlyList<RedisArg> args, long deadline)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
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
            _cancellation = cancellationToken.Register(static state => ((PendingCommand)state!).TrySetCanceled(), this);
    }

    public void Complete(RedisValue value)
    {
        _cancellation.Dispose();
        TrySetResult(value);
    }

    public void Fail(Exception error)
    {
        _cancellation.Dispose();
        TrySetException(error);
    }
}
