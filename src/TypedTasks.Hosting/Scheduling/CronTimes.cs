using Cronos;

namespace TypedTasks.Hosting;

/// <summary>
/// The fire times of a cron expression. Cronos parses it and computes occurrences in a time zone, daylight saving
/// included; this adds what the system crontab does and Cronos does not: five or six fields told apart by counting
/// them, and Vixie cron's rule for the two day fields. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// When both day fields are restricted (neither starts with <c>*</c> or <c>?</c>) Vixie cron fires on a day that
/// matches either, where Cronos requires both; such an expression is read as two, one per day field, and fires at the
/// earlier of their next times. A day field starting with <c>*</c> (<c>*/2</c> too) leaves the other to decide alone
/// under both rules, so <c>0 0 */2 * MON</c> fires on odd-numbered Mondays.
/// </remarks>
internal sealed class CronTimes
{
    private const string CronosPrefix = "The given cron expression has an invalid format. ";

    private readonly CronExpression _cron;
    private readonly CronExpression? _orByDayOfWeek;

    private CronTimes(string text, CronExpression cron, CronExpression? orByDayOfWeek)
    {
        Text = text;
        _cron = cron;
        _orByDayOfWeek = orByDayOfWeek;
    }

    /// <summary>The expression exactly as it was given (cron job ids hash it, so it must not be normalised).</summary>
    public string Text { get; }

    /// <summary>Parses five fields (minute hour day-of-month month day-of-week), six with a leading seconds field, or a macro.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The expression is malformed; the message names it and what is wrong.</exception>
    public static CronTimes Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        string trimmed = expression.Trim();
        try
        {
            if (trimmed.StartsWith('@'))
                return new CronTimes(expression, CronExpression.Parse(trimmed), null);
            string[] fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is not (5 or 6))
                throw new FormatException(
                    $"Cron expression '{expression}' has {fields.Length} fields; write 5 (minute hour day-of-month month day-of-week) or 6 (a seconds field first).");
            var format = fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            int dayOfMonth = fields.Length - 3, dayOfWeek = fields.Length - 1;
            if (!IsRestricted(fields[dayOfMonth]) || !IsRestricted(fields[dayOfWeek]))
                return new CronTimes(expression, CronExpression.Parse(string.Join(' ', fields), format), null);
            return new CronTimes(expression,
                CronExpression.Parse(With(fields, dayOfWeek, "*"), format),
                CronExpression.Parse(With(fields, dayOfMonth, "*"), format));
        }
        catch (CronFormatException e)
        {
            string reason = e.Message.StartsWith(CronosPrefix, StringComparison.Ordinal) ? e.Message[CronosPrefix.Length..] : e.Message;
            throw new FormatException($"Cron expression '{expression}' is invalid: {reason}", e);
        }
        catch (MissingSeedException e)
        {
            throw new FormatException(
                $"Cron expression '{expression}' uses H (a random value per schedule), which TypedTasks does not support; write the value.", e);
        }
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, reading the fields as wall-clock time in <paramref name="zone"/>.</summary>
    /// <returns>The fire time with <paramref name="zone"/>'s offset at that instant, or <see langword="null"/> when the schedule never fires (30 February).</returns>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        var next = _cron.GetNextOccurrence(after, zone);
        if (_orByDayOfWeek?.GetNextOccurrence(after, zone) is { } other && (next is null || other < next))
            next = other;
        return next;
    }

    /// <summary>Every fire time strictly after <paramref name="from"/> and at or before <paramref name="to"/>, in order.</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        for (var next = GetNextOccurrence(from, zone); next is { } at && at <= to; next = GetNextOccurrence(at, zone))
            yield return at;
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    public override string ToString() => Text;

    private static bool IsRestricted(string field) => field[0] is not ('*' or '?');

    private static string With(string[] fields, int index, string value) =>
        string.Join(' ', fields.Select((field, i) => i == index ? value : field));
}
