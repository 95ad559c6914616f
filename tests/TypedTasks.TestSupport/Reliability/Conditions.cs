namespace TypedTasks.TestSupport.Reliability;

/// <summary>Waits on a condition that needs a server round trip to check.</summary>
public static class Conditions
{
    /// <summary>Polls <paramref name="done"/> every 200 ms until it holds; throws naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what) => WaitAsync(done, timeout, () => what);

    /// <summary>As the other overload, with the failure's description made when it fails (to include the state then).</summary>
    public static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what()}.");
            await Task.Delay(200);
        }
    }
}
