namespace TypedTasks.Hosting.Tests;

/// <summary>
/// A random cron expression and, worked out here rather than by the parser, the values each field allows. Items mix
/// single values, names, ranges and the three step forms, so the reference tests exercise the whole syntax.
/// </summary>
internal sealed class RandomCron
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["sun", "Mon", "TUE", "wed", "Thu", "FRI", "sat"];

    private readonly bool[] _seconds, _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _lastDay, _daysStar, _weekdaysStar;

    private RandomCron(Random random, bool withSeconds, bool everyDay)
    {
        var parts = new List<string>();
        bool secondsInterval = false;
        if (withSeconds)
        {
            parts.Add(Field(random, 0, 59, 59, null, starOneIn: 3, out _seconds, out _, out secondsInterval));
        }
        else
        {
            _seconds = new bool[60];
            _seconds[0] = true;
        }
        parts.Add(Field(random, 0, 59, 59, null, starOneIn: 4, out _minutes, out _, out bool minutesInterval));
        parts.Add(Field(random, 0, 23, 23, null, starOneIn: 4, out _hours, out _, out bool hoursInterval));
        Interval = secondsInterval || minutesInterval || hoursInterval;
        if (!everyDay && random.Next(8) == 0)
        {
            parts.Add(random.Next(2) == 0 ? "L" : "l");
            (_lastDay, _days) = (true, new bool[32]);
        }
        else
        {
            parts.Add(Field(random, 1, 31, 31, null, starOneIn: everyDay ? 1 : 2, out _days, out _daysStar, out _));
        }
        parts.Add(Field(random, 1, 12, 12, MonthNames, starOneIn: everyDay ? 1 : 2, out _months, out _, out _));
        parts.Add(Field(random, 0, 7, 6, DayNames, starOneIn: everyDay ? 1 : 2, out _weekdays, out _weekdaysStar, out _));
        if (_weekdays[7])
            _weekdays[0] = true;
        Text = string.Join(' ', parts);
    }

    public string Text { get; }

    /// <summary>
    /// Whether the job fires in both passes of a repeated hour: Cronos's interval jobs, whose second, minute or hour
    /// field has a <c>*</c>, a range or a step.
    /// </summary>
    public bool Interval { get; }

    /// <param name="everyDay">Leave the day and month fields as <c>*</c>, so short windows see fires.</param>
    public static RandomCron Next(Random random, bool withSeconds, bool everyDay = false) => new(random, withSeconds, everyDay);

    public bool DayMatches(DateTime day)
    {
        bool byDate = _lastDay ? day.Day == DateTime.DaysInMonth(day.Year, day.Month) : _days[day.Day];
        bool byWeekday = _weekdays[(int)day.DayOfWeek];
        return _months[day.Month] && (_daysStar || _weekdaysStar ? byDate && byWeekday : byDate || byWeekday);
    }

    public bool TimeMatches(int hour, int minute, int second) => _hours[hour] && _minutes[minute] && _seconds[second];

    public bool Matches(DateTime wall) => DayMatches(wall) && TimeMatches(wall.Hour, wall.Minute, wall.Second);

    public override string ToString() => Text;

    private static string Field(Random random, int min, int max, int starMax, string[]? names, int starOneIn,
        out bool[] allowed, out bool isStar, out bool isInterval)
    {
        allowed = new bool[max + 1];
        string text;
        if (random.Next(starOneIn) == 0)
        {
            text = names == DayNames && random.Next(3) == 0 ? "?" : "*";
            for (int v = min; v <= starMax; v++)
                allowed[v] = true;
        }
        else
        {
            var items = new List<string>();
            int count = random.Next(1, 4);
            for (int i = count; i > 0; i--)
                items.Add(Item(random, min, max, starMax, names, allowed, alone: count == 1));
            text = string.Join(',', items);
        }
        isStar = text[0] is '*' or '?';
        isInterval = text.IndexOfAny(['*', '?', '-', '/']) >= 0;
        return text;
    }

    /// <param name="alone">The item is the whole field: Cronos takes <c>*</c> (and <c>*/n</c>) only as a whole field.</param>
    private static string Item(Random random, int min, int max, int starMax, string[]? names, bool[] allowed, bool alone)
    {
        int a = random.Next(min, max + 1), b = random.Next(min, max + 1), step = random.Next(1, Math.Max(2, starMax / 3));
        (a, b) = (Math.Min(a, b), Math.Max(a, b));
        switch (random.Next(6))
        {
            case 0:
                Mark(allowed, a, a, 1);
                return Name(random, a, names);
            case 1:
                Mark(allowed, a, b, 1);
                return $"{Name(random, a, names)}-{Name(random, b, names)}";
            case 2:
                Mark(allowed, min, starMax, step);
                return alone ? $"*/{step}" : $"{min}-{starMax}/{step}";
            case 3:
                Mark(allowed, a, b, step);
                return $"{a}-{b}/{step}";
            case 4:
                // 'a/n' runs to the field's last value: 7 (Sunday again) in the day-of-week field.
                Mark(allowed, a, max, step);
                return $"{Name(random, a, names)}/{step}";
            default:
                Mark(allowed, a, a, 1);
                return a.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string Name(Random random, int value, string[]? names)
    {
        int index = names == MonthNames ? value - 1 : value;
        return names is not null && index < names.Length && random.Next(2) == 0
            ? names[index]
            : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Mark(bool[] allowed, int from, int to, int step)
    {
        for (int v = from; v <= to; v += step)
            allowed[v] = true;
    }
}
