namespace TypedTasks.Redis.Resp;

/// <summary>
/// The replies of one socket read, delivered to their callers on one thread-pool thread, as an event loop would: each
/// caller's continuation runs inline, and the commands those continuations send are written together when the batch
/// is done (one write for the round instead of one per caller). The read loop never runs callers' code. If a
/// continuation blocks, the connection's timer rescues the batch (<see cref="Rescue"/>): the replies not yet delivered
/// go to another thread and what the blocked thread has sent is flushed, so one blocked caller holds up no one else for
/// longer than a timer tick.
/// </summary>
internal sealed class ReplyBatch : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static RedisConnection? t_delivering;

    private readonly RedisConnection _connection;
    private readonly List<PendingCommand> _replies;
    private int _next;
    private int _runners;

    public ReplyBatch(RedisConnection connection, List<PendingCommand> replies)
    {
        _connection = connection;
        _replies = replies;
        DueTicks = Environment.TickCount64 + RescueAfterMilliseconds;
    }

    /// <summary>How long a batch may take before its remaining replies move to another thread.</summary>
    public const int RescueAfterMilliseconds = 50;

    /// <summary>When the timer next rescues this batch if it is still running.</summary>
    public long DueTicks { get; private set; }

    /// <summary>Whether this thread is delivering replies of <paramref name="connection"/> (its sends wait for the batch's end).</summary>
    public static bool IsDelivering(RedisConnection connection) => t_delivering == connection;

    /// <summary>Whether this thread is delivering replies of any connection.</summary>
    public static bool IsDeliveringAny => t_delivering is not null;

    public void Execute()
    {
        Interlocked.Increment(ref _runners);
        var outer = t_delivering;
        t_delivering = _connection;
        try
        {
            int index;
            while ((index = Interlocked.Increment(ref _next) - 1) < _replies.Count)
                _replies[index].Deliver();
        }
        finally
        {
            t_delivering = outer;
        }
        _connection.OnBatchDelivered(this, last: Interlocked.Decrement(ref _runners) == 0);
    }

    /// <summary>Hands the replies not yet delivered to another thread and pushes back the next rescue.</summary>
    public void Rescue()
    {
        DueTicks = Environment.TickCount64 + RescueAfterMilliseconds;
        if (Volatile.Read(ref _next) < _replies.Count)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
