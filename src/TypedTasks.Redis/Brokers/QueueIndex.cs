namespace TypedTasks.Redis;

/// <summary>
/// The queues one multi-queue script call touches: each queue's key group goes into KEYS once, and ARGV refers to it
/// by its 1-based position.
/// </summary>
internal sealed class QueueIndex(RedisKeys keys)
{
    private readonly List<string> _names = [];

    public List<StackExchange.Redis.RedisKey> Keys { get; } = [];

    public int IndexOf(string queue)
    {
        int i = _names.IndexOf(queue);
        if (i >= 0)
            return i + 1;
        TypedTasks.Brokers.QueueName.Validate(queue);
        _names.Add(queue);
        Keys.AddRange(keys.Group(queue));
        return _names.Count;
    }

    public string NameAt(int index) => _names[index - 1];
}
