namespace TypedTasks.Scheduling;

/// <summary>
/// A cron schedule: the standard five fields (minute hour day-of-month month day-of-week) or six with a leading
/// seconds field; <c>*</c>, lists, ranges, steps, month and day names, <c>?</c>, <c>L</c> (last day of the month) and
/// the <c>@hourly/@daily/@weekly/@monthly/@yearly</c> macros. When both day fields are restricted a day matches
/// either (Vixie cron). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Time zones follow cronie: a time that falls in a spring-forward gap fires once, at the first instant after the
/// gap; in a fall-back overlap a job with fixed hours fires once (at the first of the two instants) while a job that
/// runs every hour fires in both.
/// </remarks>
public sealed class CronExpression
{
    private const int SearchYears = 8;

    private readonly ulong _seconds, _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _daysStar, _weekdaysStar, _lastDay;

    private CronExpression(string text, ulong seconds, ulong minutes, ulong hours, ulong days, bool daysStar, bool lastDay,
        ulong months, ulong weekdays, bool weekdaysStar)
    {
        Text = text;
        _seconds = seconds;
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _daysStar = daysStar;
        _lastDay = lastDay;
        _months = months;
        _weekdays = weekdays;
        _weekdaysStar = weekdaysStar;
    }

    /// <summary>The expression as it was written.</summary>
    public string Text { get; }

    /// <summary>Whether the expression has a seconds field.</summary>
    public bool HasSeconds => _seconds != 1UL;

    private bool EveryHour => _hours == (1UL << 24) - 1;

    /// <summary>Parses an expression.</summary>
    /// <exception cref="CronFormatException">The expression is malformed; the message names the field and the token.</exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        string text = expression.Trim();
        string expanded = text.ToLowerInvariant() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ when text.StartsWith('@') => throw new CronFormatException($"'{text}' is not a known macro (@yearly, @monthly, @weekly, @daily, @hourly)."),
            _ => text,
        };
        string[] fields = expanded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
            throw new CronFormatException($"'{text}' has {fields.Length} fields; a cron expression has 5 (minute hour day month weekday) or 6 (with seconds first).");
        int i = fields.Length - 5;
        ulong seconds = i == 1 ? CronField.Seconds.Parse(fields[0], out _) : 1UL;
        ulong minutes = CronField.Minutes.Parse(fields[i], out _);
        ulong hours = CronField.Hours.Parse(fields[i + 1], out _);
        bool lastDay = fields[i + 2].Equals("L", StringComparison.OrdinalIgnoreCase);
        bool daysStar = false;
        ulong days = lastDay ? 0 : CronField.DaysOfMonth.Parse(fields[i + 2], out daysStar);
        ulong months = CronField.Months.Parse(fields[i + 3], out _);
        ulong weekdays = CronField.DaysOfWeek.Parse(fields[i + 4], out bool weekdaysStar);
        return new CronExpression(text, seconds, minutes, hours, days, daysStar, lastDay, months, weekdays, weekdaysStar);
    }

    /// <summary>Parses an expression, or returns <see langword="false"/> with the reason.</summary>
    public static bool TryParse(string expression, out CronExpression? cron, out string? error)
    {
        try
        {
            cron = Parse(expression);
            error = null;
            return true;
        }
        catch (CronFormatException e)
        {
            cron = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, in <paramref name="zone"/>'s wall-clock time.</summary>
    /// <returns>The instant (with <paramref name="zone"/>'s offset), or <see langword="null"/> when the schedule never fires (e.g. 30 February).</returns>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone);
        var next = Search(after, local.DateTime, zone, secondInstanceOnly: false);
        if (EveryHour && zone.IsAmbiguousTime(local))
        {
            // In the first pass through a repeated hour, the wall clock will show these times again: every-hour jobs
            // fire in the second pass too.
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var (daylight, standard) = (offsets.Max(), offsets.Min());
            if (local.Offset == daylight)
            {
                var repeat = Search(after, local.DateTime - (daylight - standard), zone, secondInstanceOnly: true);
                if (repeat is { } r && (next is null || r < next))
                    next = repeat;
            }
        }
        return next;
    }

    /// <summary>Every fire time after <paramref name="from"/> and up to <paramref name="to"/>.</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        for (var next = GetNextOccurrence(from, zone); next is { } at && at <= to; next = GetNextOccurrence(at, zone))
            yield return at;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private DateTimeOffset? Search(DateTimeOffset after, DateTime startLocal, TimeZoneInfo zone, bool secondInstanceOnly)
    {
        var start = new DateTime(startLocal.Ticks - startLocal.Ticks % TimeSpan.TicksPerSecond).AddSeconds(1);
        for (int guard = 0; guard < 1000; guard++)
        {
            if (NextLocal(start) is not { } local)
                return null;
            if (secondInstanceOnly)
            {
                if (!zone.IsAmbiguousTime(local))
                    return null;
                var instant = new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Min());
                if (instant > after)
                    return instant;
            }
            else
            {
                foreach (var instant in Instants(local, zone))
                {
                    if (instant > after)
                        return instant;
                }
            }
            start = local.AddSeconds(1);
        }
        return null;
    }

    /// <summary>The instants a matching wall-clock time stands for (none, one or two).</summary>
    private IEnumerable<DateTimeOffset> Instants(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            var valid = local;
            while (zone.IsInvalidTime(valid))
                valid = valid.AddMinutes(1);
            valid = new DateTime(valid.Ticks - valid.Ticks % TimeSpan.TicksPerMinute);
            yield return new DateTimeOffset(valid, zone.GetUtcOffset(valid));
            yield break;
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            yield return new DateTimeOffset(local, offsets.Max());
            if (EveryHour)
                yield return new DateTimeOffset(local, offsets.Min());
            yield break;
        }
        yield return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The first wall-clock time at or after <paramref name="start"/> whose fields all match.</summary>
    private DateTime? NextLocal(DateTime start)
    {
        var t = start;
        int lastYear = start.Year + SearchYears;
        while (t.Year <= lastYear)
        {
            if (!Has(_months, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (!Has(_hours, t.Hour))
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }
            if (!Has(_minutes, t.Minute))
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                continue;
            }
            if (!Has(_seconds, t.Second))
            {
                t = t.AddSeconds(1);
                continue;
            }
            return t;
        }
        return null;
    }

    private bool DayMatches(DateTime t)
    {
        bool day = _lastDay ? t.Day == DateTime.DaysInMonth(t.Year, t.Month) : Has(_days, t.Day);
        bool weekday = Has(_weekdays, (int)t.DayOfWeek);
        if (_daysStar && _weekdaysStar)
            return true;
        if (_daysStar)
            return weekday;
        if (_weekdaysStar)
            return day;
        return day || weekday;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;
}
