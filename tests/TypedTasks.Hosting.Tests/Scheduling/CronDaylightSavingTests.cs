using System.Globalization;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>
/// 2026 transitions: Berlin springs forward on 29 March (02:00 CET → 03:00 CEST, 01:00 UTC) and falls back on
/// 25 October (03:00 CEST → 02:00 CET, 01:00 UTC); New York on 8 March (02:00 EST → 03:00 EDT, 07:00 UTC) and
/// 1 November (02:00 EDT → 01:00 EST, 06:00 UTC).
/// </summary>
public sealed class CronDaylightSavingTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void A_fixed_time_in_the_spring_forward_gap_fires_once_when_the_gap_ends()
    {
        var fires = CronTimes.Parse("30 2 * * *").GetOccurrences(Utc("2026-03-28T00:00:00Z"), Utc("2026-03-31T00:00:00Z"), Berlin).ToList();

        Assert.Equal([Utc("2026-03-28T01:30:00Z"), Utc("2026-03-29T01:00:00Z"), Utc("2026-03-30T00:30:00Z")], fires);
        Assert.Equal(TimeSpan.FromHours(2), fires[1].Offset);
    }

    [Fact]
    public void Several_fire_times_in_one_gap_collapse_into_one_fire()
    {
        var fires = CronTimes.Parse("0,15,30,45 2 * * *").GetOccurrences(Utc("2026-03-29T00:00:00Z"), Utc("2026-03-30T12:00:00Z"), Berlin);

        Assert.Equal(["03-29 01:00", "03-30 00:00", "03-30 00:15", "03-30 00:30", "03-30 00:45"], fires.Select(Hm));
    }

    [Fact]
    public void Interval_jobs_skip_the_missing_hour_and_fire_once_at_its_end()
    {
        var fires = CronTimes.Parse("*/30 * * * *").GetOccurrences(Utc("2026-03-29T00:15:00Z"), Utc("2026-03-29T01:45:00Z"), Berlin);

        // 01:30 CET; 02:00 and 02:30 do not exist, so one fire at 03:00 CEST, then 03:30 CEST.
        Assert.Equal(["03-29 00:30", "03-29 01:00", "03-29 01:30"], fires.Select(Hm));
    }

    [Fact]
    public void A_fixed_time_in_the_fall_back_overlap_fires_once_in_the_first_pass()
    {
        var fires = CronTimes.Parse("30 2 * * *").GetOccurrences(Utc("2026-10-24T12:00:00Z"), Utc("2026-10-26T12:00:00Z"), Berlin).ToList();

        Assert.Equal([Utc("2026-10-25T00:30:00Z"), Utc("2026-10-26T01:30:00Z")], fires);
        Assert.Equal(TimeSpan.FromHours(2), fires[0].Offset);
    }

    [Theory]
    [InlineData("30 2 * * *", "2026-10-25T01:15:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("0,30 2 * * *", "2026-10-25T01:15:00Z", "2026-10-26T01:00:00Z")]
    [InlineData("0-58 0-58 2 * * *", "2026-10-25T01:15:00Z", "2026-10-25T01:15:01Z")]
    [InlineData("0 * * * *", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z")]
    [InlineData("0 * * * *", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z")]
    [InlineData("50 * * * *", "2026-10-25T00:55:00Z", "2026-10-25T01:50:00Z")]
    [InlineData("*/15 2 * * *", "2026-10-25T00:50:00Z", "2026-10-25T01:00:00Z")]
    [InlineData("*/15 2 * * *", "2026-10-25T01:50:00Z", "2026-10-26T01:00:00Z")]
    public void The_next_occurrence_from_inside_the_repeated_hour_respects_both_passes(string expression, string after, string expected)
    {
        Assert.Equal(Utc(expected), CronTimes.Parse(expression).GetNextOccurrence(Utc(after), Berlin));
    }

    [Fact]
    public void Every_hour_jobs_fire_in_both_passes_of_the_repeated_hour()
    {
        var fires = CronTimes.Parse("*/30 * * * *").GetOccurrences(Utc("2026-10-24T23:45:00Z"), Utc("2026-10-25T02:05:00Z"), Berlin).ToList();

        Assert.Equal(["10-25 00:00", "10-25 00:30", "10-25 01:00", "10-25 01:30", "10-25 02:00"], fires.Select(Hm));
        Assert.Equal([2, 2, 1, 1, 1], fires.Select(f => f.Offset.Hours));
    }

    /// <summary>How many times each schedule fires on the local days of the transitions (23 and 25 hours long).</summary>
    [Theory]
    [InlineData("0 * * * *", 23, 25)]
    [InlineData("0 0-23 * * *", 23, 25)]
    [InlineData("*/15 * * * *", 23 * 4, 25 * 4)]
    [InlineData("0 */2 * * *", 12, 13)]
    [InlineData("0 2 * * *", 1, 1)]
    [InlineData("0 3 * * *", 1, 1)]
    [InlineData("0 1-3 * * *", 2, 4)]
    [InlineData("0 1,2,3 * * *", 2, 3)]
    [InlineData("30 2,3 * * *", 2, 2)]
    [InlineData("*/15 2 * * *", 1, 8)]
    [InlineData("0 */20 2 * * *", 1, 6)]
    public void Fires_per_local_day_across_the_transitions(string expression, int springDay, int fallDay)
    {
        var cron = CronTimes.Parse(expression);

        // Berlin's 29 March runs from 28 March 23:00 UTC to 29 March 22:00 UTC; 25 October from 24 October 22:00 UTC to 25 October 23:00 UTC.
        Assert.Equal(springDay, cron.GetOccurrences(Utc("2026-03-28T22:59:59Z"), Utc("2026-03-29T21:59:59Z"), Berlin).Count());
        Assert.Equal(fallDay, cron.GetOccurrences(Utc("2026-10-24T21:59:59Z"), Utc("2026-10-25T22:59:59Z"), Berlin).Count());
    }

    [Fact]
    public void New_York_transitions_follow_the_same_rules()
    {
        Assert.Equal(Utc("2026-03-08T07:00:00Z"), CronTimes.Parse("0 2 * * *").GetNextOccurrence(Utc("2026-03-08T05:00:00Z"), NewYork));
        var spring = CronTimes.Parse("*/20 * * * *").GetOccurrences(Utc("2026-03-08T06:30:00Z"), Utc("2026-03-08T07:30:00Z"), NewYork);
        Assert.Equal(["03-08 06:40", "03-08 07:00", "03-08 07:20"], spring.Select(Hm));

        var fallBack = CronTimes.Parse("30 1 * * *").GetOccurrences(Utc("2026-11-01T04:00:00Z"), Utc("2026-11-02T12:00:00Z"), NewYork).ToList();
        Assert.Equal([Utc("2026-11-01T05:30:00Z"), Utc("2026-11-02T06:30:00Z")], fallBack);
        Assert.Equal(TimeSpan.FromHours(-4), fallBack[0].Offset);

        var hourly = CronTimes.Parse("0 * * * *").GetOccurrences(Utc("2026-11-01T04:30:00Z"), Utc("2026-11-01T07:30:00Z"), NewYork).ToList();
        Assert.Equal(["11-01 05:00", "11-01 06:00", "11-01 07:00"], hourly.Select(Hm));
        Assert.Equal([-4, -5, -5], hourly.Select(f => f.Offset.Hours));
    }

    private static string Hm(DateTimeOffset t) => t.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
