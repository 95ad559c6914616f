namespace TypedTasks.Brokers;

/// <summary>The rule every queue name follows, so it can sit inside a Redis hash tag.</summary>
public static class QueueName
{
    /// <summary>The longest queue name.</summary>
    public const int MaxLength = 100;

    /// <summary>Checks a queue name: 1 to 100 characters, no <c>{</c> or <c>}</c>, no control characters.</summary>
    /// <exception cref="ArgumentException">The name breaks the rule; the message says how.</exception>
    public static string Validate(string? queue, string paramName = "queue")
    {
        if (string.IsNullOrEmpty(queue) || queue.Length > MaxLength)
            throw new ArgumentException($"Queue name '{queue}' must have 1 to {MaxLength} characters.", paramName);
        foreach (char c in queue)
        {
            if (c is '{' or '}' || char.IsControl(c))
                throw new ArgumentException($"Queue name '{queue}' must not contain '{{', '}}' or control characters; use letters, digits, '.', '-', '_' or ':'.", paramName);
        }
        return queue;
    }
}
