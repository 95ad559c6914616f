using System.Globalization;

namespace TypedTasks.Scheduling;

/// <summary>One field of a cron expression: its range, its names, and the parser that turns its text into a bit set.</summary>
internal sealed class CronField
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static readonly CronField Seconds = new("second", 0, 59, null, allowsQuestionMark: false);
    public static readonly CronField Minutes = new("minute", 0, 59, null, allowsQuestionMark: false);
    public static readonly CronField Hours = new("hour", 0, 23, null, allowsQuestionMark: false);
    public static readonly CronField DaysOfMonth = new("day-of-month", 1, 31, null, allowsQuestionMark: true);
    public static readonly CronField Months = new("month", 1, 12, MonthNames, allowsQuestionMark: false);

    /// <summary>Accepts 0 to 7 (both Sunday); <c>*</c> and open steps cover 0 to 6 only.</summary>
    public static readonly CronField DaysOfWeek = new("day-of-week", 0, 7, DayNames, allowsQuestionMark: true);

    private readonly string _name;
    private readonly int _min, _max, _starMax;
    private readonly string[]? _names;
    private readonly bool _allowsQuestionMark;

    private CronField(string name, int min, int max, string[]? names, bool allowsQuestionMark)
    {
        _name = name;
        _min = min;
        _max = max;
        _starMax = names == DayNames ? 6 : max;
        _names = names;
        _allowsQuestionMark = allowsQuestionMark;
    }

    /// <summary>Parses the field's text.</summary>
    /// <param name="text">The field.</param>
    /// <param name="expression">The whole expression, for the error message.</param>
    /// <exception cref="CronFormatException">The field is malformed.</exception>
    public Result Parse(string text, string expression)
    {
        ulong bits = 0;
        foreach (string item in text.Split(','))
        {
            if (item.Length == 0)
                throw Error(expression, text, "has an empty list item; separate values with single commas, as in 1,15");
            bits |= ParseItem(item, text, expression);
        }
        if (_names == DayNames && (bits & (1UL << 7)) != 0)
            bits = (bits & ~(1UL << 7)) | 1UL;
        ulong all = ((1UL << (_starMax - _min + 1)) - 1) << _min;
        // Vixie cron decides "unrestricted" by the first character, so */2 counts as * for the day-of-month/day-of-week rule.
        bool isStar = text[0] is '*' or '?';
        return new Result(bits, isStar, isStar || bits == all);
    }

    private ulong ParseItem(string item, string text, string expression)
    {
        int step = 1;
        string range = item;
        int slash = item.IndexOf('/');
        if (slash >= 0)
        {
            range = item[..slash];
            string stepText = item[(slash + 1)..];
            if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > _starMax)
                throw Error(expression, text, $"has the step '{stepText}'; a {_name} step is a number from 1 to {_starMax}");
        }
        int from, to;
        if (range is "*" or "?")
        {
            if (range == "?" && !_allowsQuestionMark)
                throw Error(expression, text, "has '?', which only the day-of-month and day-of-week fields accept; use '*'");
            (from, to) = (_min, _starMax);
        }
        else
        {
            // A leading '-' is part of a (bad) value, not a range.
            int dash = range.Length > 1 ? range.IndexOf('-', 1) : -1;
            if (dash > 0)
            {
                from = Value(range[..dash], text, expression);
                to = Value(range[(dash + 1)..], text, expression);
                if (to < from)
                    throw Error(expression, text, $"has the range '{range}', which ends before it starts; write the smaller value first");
            }
            else
            {
                from = Value(range, text, expression);
                // 'a/n' runs to the end of the field; 7/n in the day-of-week field is Sunday alone.
                to = slash >= 0 ? Math.Max(_starMax, from) : from;
            }
        }
        ulong bits = 0;
        for (int value = from; value <= to; value += step)
            bits |= 1UL << value;
        return bits;
    }

    private int Value(string token, string text, string expression)
    {
        if (_names is not null)
        {
            int index = Array.FindIndex(_names, n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
                return _names == MonthNames ? index + 1 : index;
        }
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= _min && value <= _max)
            return value;
        string names = _names is null ? "" : $" or {_names[0]}-{_names[^1]}";
        string hint = token.Equals("L", StringComparison.OrdinalIgnoreCase) && this == DaysOfMonth
            ? "; L (last day of the month) must stand alone in the field"
            : "";
        throw Error(expression, text, $"has '{token}', which is not a {_name} ({_min}-{_max}{names}){hint}");
    }

    private CronFormatException Error(string expression, string text, string problem) =>
        new($"Cron expression '{expression}': the {_name} field '{text}' {problem}.");

    /// <summary>A parsed field.</summary>
    /// <param name="Bits">Bit n set: value n is allowed.</param>
    /// <param name="IsStar">Written with a leading <c>*</c> or <c>?</c> (the day-of-month/day-of-week rule).</param>
    /// <param name="IsInterval">Written with a leading <c>*</c> or allowing every value (the daylight-saving overlap rule).</param>
    public readonly record struct Result(ulong Bits, bool IsStar, bool IsInterval)
    {
        /// <summary>The implicit seconds field of a five-field expression: second 0 only.</summary>
        public static Result Zero => new(1UL, IsStar: false, IsInterval: false);
    }
}
