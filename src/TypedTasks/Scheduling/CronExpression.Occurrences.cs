namespace TypedTasks.Scheduling;

public sealed partial class CronExpression
{
    /// <summary>The first fire time strictly after <paramref name="after"/>, reading the fields as wall-clock time in <paramref name="zone"/>.</summary>
    /// <param name="after">The instant to search from; it is never returned itself.</param>
    /// <param name="zone">The time zone whose wall clock the fields describe (<see cref="TimeZoneInfo.Utc"/> for UTC).</param>
    /// <returns>
    /// The fire time with <paramref name="zone"/>'s offset at that instant, or <see langword="null"/> when the schedule
    /// never fires (such as <c>0 0 30 2 *</c>, 30 February).
    /// </returns>
    /// <remarks>Daylight-saving gaps and overlaps are handled as described on <see cref="CronExpression"/>.</remarks>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone);
        if (local.Year >= MaxYear)
            return null;
        var wall = local.DateTime;
        var start = new DateTime(wall.Ticks - wall.Ticks % TimeSpan.TicksPerSecond).AddSeconds(1);
        var next = FirstAfter(after, start, zone);
        if (_interval && zone.IsAmbiguousTime(wall))
        {
            // In the first pass of a repeated hour, the wall-clock times already passed come round again in the second
            // pass, and interval jobs fire then too.
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            var (first, second) = (offsets.Max(), offsets.Min());
            if (local.Offset == first && SecondPassAfter(start - (first - second), wall, zone) is { } repeat && (next is null || repeat < next))
                next = repeat;
        }
        return next;
    }

    /// <summary>Every fire time strictly after <paramref name="from"/> and at or before <paramref name="to"/>, in order.</summary>
    /// <param name="from">The instant to start after (exclusive).</param>
    /// <param name="to">The last instant to include (inclusive).</param>
    /// <param name="zone">The time zone whose wall clock the fields describe.</param>
    /// <returns>The fire times, each with <paramref name="zone"/>'s offset at that instant; computed lazily.</returns>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Enumerate(from, to, zone);
    }

    private IEnumerable<DateTimeOffset> Enumerate(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        for (var next = GetNextOccurrence(from, zone); next is { } at && at <= to; next = GetNextOccurrence(at, zone))
            yield return at;
    }

    /// <summary>The first instant after <paramref name="after"/> that a matching wall-clock time at or after <paramref name="start"/> stands for.</summary>
    private DateTimeOffset? FirstAfter(DateTimeOffset after, DateTime start, TimeZoneInfo zone)
    {
        int lastYear = Math.Min(start.Year + SearchYears, MaxYear);
        // Each round moves start forward; an instant can only be at or before `after` for a wall time inside a repeated
        // hour that `after` is already past, so this ends within that hour's matches.
        while (NextWallTime(start, lastYear) is { } wall)
        {
            var (first, second) = Instants(wall, zone);
            if (first > after)
                return first;
            if (second is { } s && s > after)
                return s;
            start = wall.AddSeconds(1);
        }
        return null;
    }

    /// <summary>The second-pass instant of the first matching repeated wall-clock time in [<paramref name="start"/>, <paramref name="until"/>].</summary>
    private DateTimeOffset? SecondPassAfter(DateTime start, DateTime until, TimeZoneInfo zone)
    {
        while (NextWallTime(start, until.Year) is { } wall && wall <= until)
        {
            // `after` is in the first pass, so every second-pass instant is later than it.
            if (zone.IsAmbiguousTime(wall))
                return new DateTimeOffset(wall, zone.GetAmbiguousTimeOffsets(wall).Min());
            start = wall.AddSeconds(1);
        }
        return null;
    }

    /// <summary>The instants a matching wall-clock time stands for, earliest first: one, or two for an interval job in a repeated hour.</summary>
    private (DateTimeOffset First, DateTimeOffset? Second) Instants(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wall))
            return (GapEnd(wall, zone), null);
        if (zone.IsAmbiguousTime(wall))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            var first = new DateTimeOffset(wall, offsets.Max());
            return (first, _interval ? new DateTimeOffset(wall, offsets.Min()) : null);
        }
        return (new DateTimeOffset(wall, zone.GetUtcOffset(wall)), null);
    }

    /// <summary>The first instant after the spring-forward gap that <paramref name="wall"/> falls in.</summary>
    private static DateTimeOffset GapEnd(DateTime wall, TimeZoneInfo zone)
    {
        // Gaps start and end on whole minutes in every current zone, and last at most a few hours.
        var valid = new DateTime(wall.Ticks - wall.Ticks % TimeSpan.TicksPerMinute);
        while (zone.IsInvalidTime(valid))
            valid = valid.AddMinutes(1);
        return new DateTimeOffset(valid, zone.GetUtcOffset(valid));
    }
}
