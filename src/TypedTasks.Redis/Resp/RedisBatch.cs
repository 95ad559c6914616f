namespace TypedTasks.Redis.Resp;

/// <summary>
/// Commands sent together in one write when <see cref="ExecuteAsync(CancellationToken)"/> is called (a pipeline: one
/// round trip for all). Each command's own task completes with its reply or its error.
/// </summary>
public sealed class RedisBatch
{
    private readonly RedisClient _client;
    private readonly List<PendingCommand> _commands = [];
    private readonly List<Task> _all = [];
    private bool _sent;

    internal RedisBatch(RedisClient client) => _client = client;

    /// <summary>Adds a command; its task completes once the batch has been executed and the reply has come.</summary>
    public Task<RedisValue> ExecuteAsync(string command, IReadOnlyList<RedisArg> args)
    {
        var pending = Add(command, args);
        _all.Add(pending.Task);
        return pending.Task;
    }

    /// <summary>Adds a script call; if the server lacks the script, it is loaded and the call is retried on its own.</summary>
    public Task<RedisValue> EvalAsync(RedisScript script, IReadOnlyList<string> keys, IReadOnlyList<RedisArg> args)
    {
        var pending = Add("EVALSHA", new EvalArgs(script, keys, args));
        var task = RetryOnNoScriptAsync(pending.Task, script, keys, args);
        _all.Add(task);
        return task;
    }

    /// <summary>Sends every command added so far and waits for all their replies (errors stay on each command's task).</summary>
    public async Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        if (_sent)
            throw new InvalidOperationException("A RedisBatch can be executed once.");
        _sent = true;
        if (_commands.Count == 0)
            return;
        await _client.SendBatchAsync(_commands, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_all).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Each command's task carries its own error.
        }
    }

    private PendingCommand Add(string command, IReadOnlyList<RedisArg> args)
    {
        if (_sent)
            throw new InvalidOperationException("Commands cannot be added to a RedisBatch after it was executed.");
        var pending = new PendingCommand(command, args, long.MaxValue);
        _commands.Add(pending);
        return pending;
    }

    private async Task<RedisValue> RetryOnNoScriptAsync(Task<RedisValue> first, RedisScript script, IReadOnlyList<string> keys,
        IReadOnlyList<RedisArg> args)
    {
        try
        {
            return await first.ConfigureAwait(false);
        }
        catch (RedisNoScriptException)
        {
            return await _client.EvalAsync(script, keys, args).ConfigureAwait(false);
        }
    }
}
