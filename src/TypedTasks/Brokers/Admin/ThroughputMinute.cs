namespace TypedTasks.Brokers;

/// <summary>Attempts of a queue that ended in one minute.</summary>
/// <param name="Start">The minute's first instant (UTC, on the broker's clock).</param>
/// <param name="Succeeded">Attempts that succeeded.</param>
/// <param name="Failed">Attempts that failed (retried, dead, cancelled or stalled for good).</param>
public readonly record struct ThroughputMinute(DateTimeOffset Start, long Succeeded, long Failed)
{
    /// <summary>The longest history a broker keeps: an hour.</summary>
    public const int MaxHistory = 60;

    /// <summary>How long a broker keeps a minute's counts: the history and a minute of slack.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(MaxHistory + 1);

    /// <summary>The minutes since the Unix epoch of <paramref name="time"/>, the key brokers count under.</summary>
    public static long MinuteOf(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeMilliseconds(), 60_000, out long rest) - (rest < 0 ? 1 : 0);

    /// <summary>Checks the number of minutes asked of <see cref="IBrokerAdmin.GetThroughputAsync"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not between 1 and <see cref="MaxHistory"/>.</exception>
    public static int ValidateMinutes(int minutes)
    {
        if (minutes is < 1 or > MaxHistory)
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, $"Throughput history covers 1 to {MaxHistory} minutes.");
        return minutes;
    }
}
