namespace TypedTasks.Redis;

/// <summary>
/// Times and durations in the whole milliseconds Redis keeps, rounded up: a job due at 10.4 ms is stored as due at
/// 11 ms, never 10 ms, so it cannot start before its time; a lease or retention is never shorter than asked.
/// </summary>
internal static class Millis
{
    public static long Ceiling(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (duration.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    public static long CeilingUnix(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
}
