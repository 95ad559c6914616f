using Xunit;

namespace TypedTasks.Hosting.Tests;

public sealed class CronTimesTableTests
{
    /// <summary>Sunday 22 November 2026, 10:15:30 UTC.</summary>
    private static readonly DateTimeOffset After = new(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);

    public static TheoryData<string, string?> Table => new()
    {
        { "* * * * *", "2026-11-22T10:16:00Z" },
        { "*/15 * * * *", "2026-11-22T10:30:00Z" },
        { "0 * * * *", "2026-11-22T11:00:00Z" },
        { "30 10 * * *", "2026-11-22T10:30:00Z" },
        { "15 10 * * *", "2026-11-23T10:15:00Z" },
        { "0 0 * * *", "2026-11-23T00:00:00Z" },
        { "@daily", "2026-11-23T00:00:00Z" },
        { "@midnight", "2026-11-23T00:00:00Z" },
        { "@hourly", "2026-11-22T11:00:00Z" },
        { "@weekly", "2026-11-29T00:00:00Z" },
        { "@monthly", "2026-12-01T00:00:00Z" },
        { "@yearly", "2027-01-01T00:00:00Z" },
        { "@annually", "2027-01-01T00:00:00Z" },
        { "0 9 * * MON-FRI", "2026-11-23T09:00:00Z" },
        { "0 9 * * 1-5", "2026-11-23T09:00:00Z" },
        { "0 18 * * SAT,SUN", "2026-11-22T18:00:00Z" },
        { "0 0 1 * *", "2026-12-01T00:00:00Z" },
        { "0 0 L * *", "2026-11-30T00:00:00Z" },
        { "0 12 L 2 *", "2027-02-28T12:00:00Z" },
        { "0 0 29 2 *", "2028-02-29T00:00:00Z" },
        { "0 0 31 * *", "2026-12-31T00:00:00Z" },
        { "0 0 30 2 *", null },
        { "0 0 13 * 5", "2026-11-27T00:00:00Z" },
        { "0 0 1 1 *", "2027-01-01T00:00:00Z" },
        { "0 0 * JAN *", "2027-01-01T00:00:00Z" },
        { "5,35 * * * *", "2026-11-22T10:35:00Z" },
        { "10-20 * * * *", "2026-11-22T10:16:00Z" },
        { "10-20/5 * * * *", "2026-11-22T10:20:00Z" },
        { "20/10 * * * *", "2026-11-22T10:20:00Z" },
        { "0 */6 * * *", "2026-11-22T12:00:00Z" },
        { "0 8-18/2 * * *", "2026-11-22T12:00:00Z" },
        { "30 * * * * *", "2026-11-22T10:16:30Z" },
        { "*/10 * * * * *", "2026-11-22T10:15:40Z" },
        { "0 0 12 * * ?", "2026-11-22T12:00:00Z" },
        { "0 0 0 ? * SUN", "2026-11-29T00:00:00Z" },
        { "0 0 * * 7", "2026-11-29T00:00:00Z" },
        { "0 0 * * 0", "2026-11-29T00:00:00Z" },
        { "59 23 31 12 *", "2026-12-31T23:59:00Z" },
        { "0 0 1 */3 *", "2027-01-01T00:00:00Z" },
        { "0 0 1,15 * *", "2026-12-01T00:00:00Z" },
        { "0 22 * * 1-5", "2026-11-23T22:00:00Z" },
        { "15 14 1 * *", "2026-12-01T14:15:00Z" },
        { "0 0 * DEC SUN", "2026-12-06T00:00:00Z" },
        { "0 0 25 dec *", "2026-12-25T00:00:00Z" },
        { "* 10 * * *", "2026-11-22T10:16:00Z" },
        { "0 0 L * 1", "2026-11-23T00:00:00Z" },
        { "0 0 29 2 1", "2027-02-01T00:00:00Z" },
        { "0 0 1-7 * MON", "2026-11-23T00:00:00Z" },
        { "0 0 * JAN-DEC/3 *", "2027-01-01T00:00:00Z" },
        { "0 0 * * mon-fri/2", "2026-11-23T00:00:00Z" },
        { "0 0 * * 5-7", "2026-11-27T00:00:00Z" },
        { "5/15 * * * * *", "2026-11-22T10:15:35Z" },
        { "0 30 10 22 NOV ?", "2026-11-22T10:30:00Z" },
        { "59 59 23 L 12 *", "2026-12-31T23:59:59Z" },
        { "0 0 L 11 *", "2026-11-30T00:00:00Z" },
        { "0 0 31 4 *", null },
        { "0 0 */3 * *", "2026-11-25T00:00:00Z" },
        { "0 0 */10 * *", "2026-12-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_next_occurrence_in_UTC_is_the_expected_one(string expression, string? expected)
    {
        var next = CronTimes.Parse(expression).GetNextOccurrence(After, TimeZoneInfo.Utc);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("0 9 * * *", "2026-11-23T08:00:00Z", 1)]
    [InlineData("30 10 * * *", "2026-11-23T09:30:00Z", 1)]
    [InlineData("0 0 L * *", "2026-11-29T23:00:00Z", 1)]
    [InlineData("0 12 1 * *", "2026-12-01T11:00:00Z", 1)]
    [InlineData("0 0 29 2 *", "2028-02-28T23:00:00Z", 1)]
    [InlineData("0 0 1 7 *", "2027-06-30T22:00:00Z", 2)]
    public void Wall_clock_times_are_taken_in_the_given_zone(string expression, string expectedUtc, int offsetHours)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var next = CronTimes.Parse(expression).GetNextOccurrence(After, berlin);
        Assert.Equal(Utc(expectedUtc), next);
        Assert.Equal(TimeSpan.FromHours(offsetHours), next!.Value.Offset);
    }

    [Theory]
    [InlineData("0 9 * * *", "2026-11-22T14:00:00Z")]
    [InlineData("0 12 * * SAT", "2026-11-28T17:00:00Z")]
    [InlineData("0 0 1 4 *", "2027-04-01T04:00:00Z")]
    public void New_York_wall_clock_times_use_its_offset_on_that_date(string expression, string expectedUtc)
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(Utc(expectedUtc), CronTimes.Parse(expression).GetNextOccurrence(After, newYork));
    }

    [Fact]
    public void Every_fourth_year_29_February_is_found_and_2100_is_skipped()
    {
        var fires = CronTimes.Parse("0 0 29 2 *").GetOccurrences(Utc("2026-01-01T00:00:00Z"), Utc("2105-01-01T00:00:00Z"), TimeZoneInfo.Utc)
            .Select(t => t.Year).ToList();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => 2028 + 4 * i).Where(y => y != 2100).ToList(), fires);
    }

    [Fact]
    public void Last_day_of_the_month_follows_month_lengths_and_leap_years()
    {
        var fires = CronTimes.Parse("0 0 L * *").GetOccurrences(Utc("2027-12-31T12:00:00Z"), Utc("2028-12-31T12:00:00Z"), TimeZoneInfo.Utc)
            .Select(t => t.Day).ToList();

        Assert.Equal([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], fires);
    }

    [Fact]
    public void A_restricted_day_of_month_or_day_of_week_matches_and_a_star_step_counts_as_unrestricted()
    {
        // Vixie cron: both restricted → either; a day field starting with '*' is unrestricted, so the other one decides alone.
        var either = CronTimes.Parse("0 0 1 * MON").GetOccurrences(Utc("2026-11-22T00:00:00Z"), Utc("2026-12-10T00:00:00Z"), TimeZoneInfo.Utc);
        Assert.Equal([23, 30, 1, 7], either.Select(t => t.Day));

        var both = CronTimes.Parse("0 0 */2 * MON").GetOccurrences(Utc("2026-11-22T00:00:00Z"), Utc("2027-01-01T00:00:00Z"), TimeZoneInfo.Utc);
        Assert.Equal([Utc("2026-11-23T00:00:00Z"), Utc("2026-12-07T00:00:00Z"), Utc("2026-12-21T00:00:00Z")], both);
    }

    [Fact]
    public void Occurrences_run_strictly_after_the_start_and_up_to_the_end_inclusive()
    {
        var fires = CronTimes.Parse("*/20 * * * *").GetOccurrences(Utc("2026-11-22T10:00:00Z"), Utc("2026-11-22T11:00:00Z"), TimeZoneInfo.Utc);

        Assert.Equal([Utc("2026-11-22T10:20:00Z"), Utc("2026-11-22T10:40:00Z"), Utc("2026-11-22T11:00:00Z")], fires);
    }

    [Fact]
    public void The_next_occurrence_is_strictly_after_an_instant_with_a_fraction_of_a_second()
    {
        var cron = CronTimes.Parse("*/10 * * * * *");

        Assert.Equal(Utc("2026-11-22T10:15:40Z"), cron.GetNextOccurrence(Utc("2026-11-22T10:15:30Z").AddTicks(1), TimeZoneInfo.Utc));
        Assert.Equal(Utc("2026-11-22T10:15:40Z"), cron.GetNextOccurrence(Utc("2026-11-22T10:15:39.999Z"), TimeZoneInfo.Utc));
    }

    [Fact]
    public void The_expression_keeps_its_text()
    {
        Assert.Equal(" */5 * * * * ", CronTimes.Parse(" */5 * * * * ").ToString());
        Assert.Equal("@daily", CronTimes.Parse("@daily").Text);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
