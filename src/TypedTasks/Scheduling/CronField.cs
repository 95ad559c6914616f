using System.Globalization;

namespace TypedTasks.Scheduling;

/// <summary>One field of a cron expression: its range, names, and the parser that turns its text into a bit set.</summary>
internal sealed class CronField
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static readonly CronField Seconds = new("second", 0, 59, null);
    public static readonly CronField Minutes = new("minute", 0, 59, null);
    public static readonly CronField Hours = new("hour", 0, 23, null);
    public static readonly CronField DaysOfMonth = new("day-of-month", 1, 31, null);
    public static readonly CronField Months = new("month", 1, 12, MonthNames);
    public static readonly CronField DaysOfWeek = new("day-of-week", 0, 7, DayNames);

    private readonly string[]? _names;

    private CronField(string name, int min, int max, string[]? names)
    {
        Name = name;
        Min = min;
        Max = max;
        _names = names;
    }

    public string Name { get; }

    public int Min { get; }

    public int Max { get; }

    /// <summary>Parses the field's text into a bit set (bit n set = value n allowed).</summary>
    /// <param name="text">The field.</param>
    /// <param name="isStar">Whether the field is unrestricted (<c>*</c> or <c>?</c>).</param>
    public ulong Parse(string text, out bool isStar)
    {
        isStar = text is "*" or "?";
        ulong bits = 0;
        foreach (string item in text.Split(','))
        {
            if (item.Length == 0)
                throw Error(text, "an empty list item");
            bits |= ParseItem(item, text);
        }
        if (this == DaysOfWeek && (bits & (1UL << 7)) != 0)
            bits = (bits & ~(1UL << 7)) | 1UL; // 7 is Sunday too
        return bits;
    }

    private ulong ParseItem(string item, string whole)
    {
        int step = 1;
        string range = item;
        int slash = item.IndexOf('/');
        if (slash >= 0)
        {
            range = item[..slash];
            if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > Max)
                throw Error(whole, $"the step '{item[(slash + 1)..]}'");
        }
        int from, to;
        if (range is "*" or "?")
        {
            if (range == "?" && this != DaysOfMonth && this != DaysOfWeek)
                throw Error(whole, "'?', which only day fields accept");
            (from, to) = (Min, this == DaysOfWeek ? 6 : Max);
        }
        else
        {
            int dash = range.IndexOf('-');
            if (dash > 0)
            {
                from = Value(range[..dash], whole);
                to = Value(range[(dash + 1)..], whole);
                if (to < from)
                    throw Error(whole, $"the range '{range}', which ends before it starts");
            }
            else
            {
                from = Value(range, whole);
                to = slash >= 0 ? (this == DaysOfWeek ? 6 : Max) : from;
            }
        }
        ulong bits = 0;
        for (int value = from; value <= to; value += step)
            bits |= 1UL << value;
        return bits;
    }

    private int Value(string token, string whole)
    {
        if (_names is not null)
        {
            int index = Array.FindIndex(_names, n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
                return this == Months ? index + 1 : index;
        }
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < Min || value > Max)
            throw Error(whole, $"'{token}', which is not a {Name} from {Min} to {Max}");
        return value;
    }

    private CronFormatException Error(string field, string problem) =>
        new($"The {Name} field '{field}' has {problem}.");
}
