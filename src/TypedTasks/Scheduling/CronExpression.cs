using System.Diagnostics.CodeAnalysis;

namespace TypedTasks.Scheduling;

/// <summary>
/// A cron schedule: the standard five fields (minute hour day-of-month month day-of-week) or six with a leading
/// seconds field; <c>*</c>, lists <c>a,b</c>, ranges <c>a-b</c>, steps <c>*/n</c>, <c>a-b/n</c> and <c>a/n</c>, month
/// names <c>JAN</c>-<c>DEC</c> and day names <c>SUN</c>-<c>SAT</c> (any case), <c>0</c> and <c>7</c> for Sunday,
/// <c>?</c> for <c>*</c> in the day fields, <c>L</c> (the last day of the month) and the macros
/// <c>@yearly</c>, <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c> and <c>@hourly</c>.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Days follow Vixie cron (and cronie): when both day fields are restricted a day matches if either matches; a day
/// field that starts with <c>*</c> or <c>?</c> (including <c>*/2</c>) counts as unrestricted, so <c>0 0 */2 * MON</c>
/// fires on odd-numbered Mondays only, exactly as the system crontab does.
/// </para>
/// <para>
/// Wall-clock times are taken in the time zone given to <see cref="GetNextOccurrence"/>. Daylight saving follows cronie:
/// a fire time in a spring-forward gap does not exist, so it fires once, at the first instant after the gap (several
/// fire times in one gap collapse into that single fire). In a fall-back overlap a job with fixed times fires once, in
/// the first pass of the repeated hour, while an interval job — one whose second, minute or hour field starts with
/// <c>*</c> or lists every value, such as <c>*/15 * * * *</c> or <c>0 * * * *</c> — fires in both passes.
/// </para>
/// </remarks>
public sealed partial class CronExpression
{
    private readonly ulong _seconds, _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _daysStar, _weekdaysStar, _lastDay, _interval;

    private CronExpression(string text, bool hasSeconds, CronField.Result seconds, CronField.Result minutes, CronField.Result hours,
        CronField.Result days, bool lastDay, CronField.Result months, CronField.Result weekdays)
    {
        Text = text;
        HasSeconds = hasSeconds;
        _seconds = seconds.Bits;
        _minutes = minutes.Bits;
        _hours = hours.Bits;
        _days = days.Bits;
        _daysStar = days.IsStar;
        _lastDay = lastDay;
        _months = months.Bits;
        _weekdays = weekdays.Bits;
        _weekdaysStar = weekdays.IsStar;
        _interval = seconds.IsInterval || minutes.IsInterval || hours.IsInterval;
    }

    /// <summary>The expression exactly as it was given to <see cref="Parse"/>.</summary>
    public string Text { get; }

    /// <summary>Whether the expression has a leading seconds field (six fields).</summary>
    public bool HasSeconds { get; }

    /// <summary>Parses a cron expression.</summary>
    /// <param name="expression">Five fields (minute hour day-of-month month day-of-week), six with a leading seconds field, or a macro such as <c>@daily</c>.</param>
    /// <returns>The parsed schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is <see langword="null"/>.</exception>
    /// <exception cref="CronFormatException">The expression is malformed; the message names the field, the bad token and the allowed values.</exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        string trimmed = expression.Trim();
        string expanded = trimmed.ToLowerInvariant() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ when trimmed.StartsWith('@') => throw new CronFormatException(
                $"Cron expression '{expression}': '{trimmed}' is not a known macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly."),
            _ => trimmed,
        };
        string[] fields = expanded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
            throw new CronFormatException(
                $"Cron expression '{expression}' has {fields.Length} fields; write 5 (minute hour day-of-month month day-of-week) or 6 (a seconds field first).");
        int i = fields.Length - 5;
        var seconds = i == 1 ? CronField.Seconds.Parse(fields[0], expression) : CronField.Result.Zero;
        bool lastDay = fields[i + 2].Equals("L", StringComparison.OrdinalIgnoreCase);
        var days = lastDay ? default : CronField.DaysOfMonth.Parse(fields[i + 2], expression);
        return new CronExpression(expression, i == 1, seconds,
            CronField.Minutes.Parse(fields[i], expression),
            CronField.Hours.Parse(fields[i + 1], expression),
            days, lastDay,
            CronField.Months.Parse(fields[i + 3], expression),
            CronField.DaysOfWeek.Parse(fields[i + 4], expression));
    }

    /// <summary>Parses a cron expression, or returns <see langword="false"/> when it is malformed.</summary>
    /// <param name="expression">The expression; see <see cref="Parse"/>.</param>
    /// <param name="cron">The parsed schedule, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="expression"/> is a valid cron expression.</returns>
    public static bool TryParse([NotNullWhen(true)] string? expression, [NotNullWhen(true)] out CronExpression? cron) =>
        TryParse(expression, out cron, out _);

    /// <summary>Parses a cron expression, or returns <see langword="false"/> with the reason it is malformed.</summary>
    /// <param name="expression">The expression; see <see cref="Parse"/>.</param>
    /// <param name="cron">The parsed schedule, or <see langword="null"/>.</param>
    /// <param name="error">Why the expression is malformed (the message <see cref="Parse"/> would throw), or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="expression"/> is a valid cron expression.</returns>
    public static bool TryParse([NotNullWhen(true)] string? expression, [NotNullWhen(true)] out CronExpression? cron,
        [NotNullWhen(false)] out string? error)
    {
        if (expression is null)
        {
            (cron, error) = (null, "A cron expression is required; got null.");
            return false;
        }
        try
        {
            (cron, error) = (Parse(expression), null);
            return true;
        }
        catch (CronFormatException e)
        {
            (cron, error) = (null, e.Message);
            return false;
        }
    }

    /// <summary>Returns the expression exactly as it was given to <see cref="Parse"/>.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;
}
