using System.Globalization;
using System.Text.RegularExpressions;

namespace TypedTasks.Cli.Parsing;

/// <summary>Reads durations as people type them: <c>10s</c>, <c>500ms</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, or <c>00:00:10</c>.</summary>
internal static partial class Durations
{
    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        if (text.Contains(':'))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        int at = 0;
        foreach (Match match in Part().Matches(text))
        {
            double value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
            at = match.Index + match.Length;
        }
        return at == text.Length;
    }
}
