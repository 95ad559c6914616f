namespace TypedTasks.Postgres;

/// <summary>
/// Times and durations in whole milliseconds, rounded up as every broker does, so a job due (or retried) between two
/// milliseconds is never handed out before its time.
/// </summary>
internal static class Millis
{
    public static long Ceiling(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (duration.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    /// <summary>A due time as Unix milliseconds, at least 1 (0 means "now" to the enqueue statements).</summary>
    public static long DueUnix(DateTimeOffset time) =>
        Math.Max(1, (time.UtcTicks - DateTimeOffset.UnixEpoch.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
}
