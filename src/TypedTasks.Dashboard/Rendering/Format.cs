using System.Globalization;
using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>How values show on pages.</summary>
internal static class Format
{
    public static RawHtml Time(DateTimeOffset? time) => time is { } t
        ? Html.Of($"<time datetime=\"{t.UtcDateTime:O}\">{t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</time>")
        : new RawHtml("—");

    public static string Age(TimeSpan age) => age.TotalSeconds < 1 ? "now"
        : age.TotalMinutes < 1 ? $"{age.TotalSeconds:0}s ago"
        : age.TotalHours < 1 ? $"{age.TotalMinutes:0}m ago"
        : age.TotalDays < 1 ? $"{age.TotalHours:0.#}h ago"
        : $"{age.TotalDays:0.#}d ago";

    public static RawHtml State(JobState state) => Html.Of($"<span class=\"state state-{state.ToString().ToLowerInvariant()}\">{state}</span>");

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Name(JobSet set) => set.ToString().ToLowerInvariant();

    public static bool TryParseSet(string? text, out JobSet set)
    {
        set = JobSet.Pending;
        return string.IsNullOrEmpty(text) || (Enum.TryParse(text, ignoreCase: true, out set) && Enum.IsDefined(set));
    }

    /// <summary>How many of a queue's jobs a set holds, from its stats.</summary>
    public static long CountOf(QueueStats stats, JobSet set) => set switch
    {
        JobSet.Pending => stats.Pending,
        JobSet.Active => stats.Active,
        JobSet.Scheduled => stats.Scheduled,
        JobSet.Retry => stats.Retry,
        JobSet.Dead => stats.Dead,
        _ => stats.Kept,
    };

    /// <summary>The first line of an error, cut to a table cell's length.</summary>
    public static string Short(string? error, int length = 120)
    {
        if (string.IsNullOrEmpty(error))
            return "";
        int end = error.IndexOf('\n');
        string line = end < 0 ? error : error[..end];
        return line.Length <= length ? line : line[..length] + "…";
    }
}
