namespace TypedTasks.Dashboard.Tests.Support;

/// <summary>Waits on a condition, never on a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, int timeoutMs = 30_000) where T : class
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeoutMs} ms for {what}.");
            await Task.Delay(20);
        }
    }
}
