namespace TypedTasks.Nats;

/// <summary>Times as Unix milliseconds, due times rounded up so a job due between two milliseconds is never early.</summary>
internal static class Millis
{
    public static long Of(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long CeilingOf(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    public static long Ceiling(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (duration.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    public static DateTimeOffset ToTime(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
