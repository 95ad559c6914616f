using System.Diagnostics;

namespace TypedTasks.TestSupport.Reliability;

/// <summary>Waits on a condition by polling it: a server's state, a counter, a process's output.</summary>
public static class Conditions
{
    private static readonly TimeSpan s_defaultPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Polls <paramref name="done"/> every <paramref name="pollInterval"/> (200 ms unless given) until it holds; throws a
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.
    /// </summary>
    public static Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what, TimeSpan? pollInterval = null) =>
        WaitAsync(done, timeout, () => what, pollInterval);

    /// <summary>As the other overloads, for a condition read in memory (a counter, a collected log).</summary>
    public static Task WaitAsync(Func<bool> done, TimeSpan timeout, string what, TimeSpan? pollInterval = null) =>
        WaitAsync(() => Task.FromResult(done()), timeout, () => what, pollInterval);

    /// <summary>As the other overloads, for a condition read in memory, with the failure's description made when it fails.</summary>
    public static Task WaitAsync(Func<bool> done, TimeSpan timeout, Func<string> what, TimeSpan? pollInterval = null) =>
        WaitAsync(() => Task.FromResult(done()), timeout, what, pollInterval);

    /// <summary>As the other overloads, with the failure's description made when it fails (to include the state then).</summary>
    public static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> what, TimeSpan? pollInterval = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}.");
            await Task.Delay(pollInterval ?? s_defaultPollInterval);
        }
    }
}
