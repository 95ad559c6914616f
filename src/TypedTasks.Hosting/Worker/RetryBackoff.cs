namespace TypedTasks.Hosting;

/// <summary>Retry delays.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// Sidekiq's curve: <c>attempt⁴ + 15 + random(10 × (attempt + 1))</c> seconds — 16 s, 31 s, 96 s … about
    /// 20 days in all over 25 retries, with jitter so failed jobs don't return in lockstep.
    /// </summary>
    public static TimeSpan Default(int attempt)
    {
        double seconds = Math.Pow(attempt, 4) + 15 + Random.Shared.Next(10 * (attempt + 1));
        return TimeSpan.FromSeconds(seconds);
    }
}
