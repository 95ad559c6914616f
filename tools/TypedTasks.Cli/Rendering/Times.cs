using System.Globalization;

namespace TypedTasks.Cli.Rendering;

/// <summary>How times are shown: UTC, to the second, for tables; ISO 8601 for JSON.</summary>
internal static class Times
{
    public static string? Table(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string? Json(DateTimeOffset? time) => time?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
