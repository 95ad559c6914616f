using System.Numerics;

namespace TypedTasks.Scheduling;

public sealed partial class CronExpression
{
    /// <summary>
    /// How far ahead a search looks before concluding that the schedule never fires: dates fall on the same weekdays
    /// again after 28 years (the leap-year cycle), and 29 February waits at most 8 (2096 → 2104).
    /// </summary>
    private const int SearchYears = 28;

    /// <summary>The last year a search may roll into; DateTime ends in 9999.</summary>
    private const int MaxYear = 9998;

    private const ulong Week = 0x7F;

    /// <summary>
    /// The first wall-clock time at or after <paramref name="start"/> (whole seconds) whose fields all match, or
    /// <see langword="null"/> after <paramref name="lastYear"/>. Each field jumps straight to its next allowed value, and
    /// a field that has none left carries into the next larger unit, so a search takes a handful of steps per month.
    /// </summary>
    private DateTime? NextWallTime(DateTime start, int lastYear)
    {
        var t = start;
        while (t.Year <= lastYear)
        {
            int month = NextBit(_months, t.Month);
            if (month < 0)
            {
                t = new DateTime(t.Year + 1, 1, 1);
                continue;
            }
            if (month != t.Month)
                t = new DateTime(t.Year, month, 1);

            int day = NextBit(DaysOf(t.Year, t.Month), t.Day);
            if (day < 0)
            {
                t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                continue;
            }
            if (day != t.Day)
                t = new DateTime(t.Year, t.Month, day);

            int hour = NextBit(_hours, t.Hour);
            if (hour < 0)
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (hour != t.Hour)
                t = t.Date.AddHours(hour);

            int minute = NextBit(_minutes, t.Minute);
            if (minute < 0)
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }
            if (minute != t.Minute)
                t = t.Date.AddHours(t.Hour).AddMinutes(minute);

            int second = NextBit(_seconds, t.Second);
            if (second < 0)
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                continue;
            }
            return t.Date.Add(new TimeSpan(t.Hour, t.Minute, second));
        }
        return null;
    }

    /// <summary>The days of <paramref name="month"/> that match, as bits 1 to 31.</summary>
    private ulong DaysOf(int year, int month)
    {
        int length = DateTime.DaysInMonth(year, month);
        ulong inMonth = ((1UL << length) - 1) << 1;
        ulong byDate = _lastDay ? 1UL << length : _days;

        // Rotate the weekday bits so bit k is the weekday of day k + 1, then repeat that week across the month.
        int firstWeekday = (int)new DateTime(year, month, 1).DayOfWeek;
        ulong week = ((_weekdays >> firstWeekday) | (_weekdays << (7 - firstWeekday))) & Week;
        ulong byWeekday = (week | week << 7 | week << 14 | week << 21 | week << 28) << 1;

        // Vixie cron: either day field written with a leading '*' makes both apply (AND); otherwise either suffices (OR).
        return (_daysStar || _weekdaysStar ? byDate & byWeekday : byDate | byWeekday) & inMonth;
    }

    /// <summary>The smallest set bit at or above <paramref name="from"/>, or -1.</summary>
    private static int NextBit(ulong bits, int from)
    {
        ulong left = bits & (ulong.MaxValue << from);
        return left == 0 ? -1 : BitOperations.TrailingZeroCount(left);
    }
}
