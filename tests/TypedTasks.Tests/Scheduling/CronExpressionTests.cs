using TypedTasks.Scheduling;
using Xunit;

namespace TypedTasks.Tests.Scheduling;

public sealed class CronExpressionTests
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
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_next_occurrence_in_UTC_is_the_expected_one(string expression, string? expected)
    {
        var next = CronExpression.Parse(expression).GetNextOccurrence(After, TimeZoneInfo.Utc);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Wall_clock_times_are_taken_in_the_given_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var next = CronExpression.Parse("0 9 * * *").GetNextOccurrence(After, berlin);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.FromHours(1), next!.Value.Offset);
    }

    [Fact]
    public void A_fixed_time_in_the_spring_forward_gap_fires_once_when_the_gap_ends()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var cron = CronExpression.Parse("30 2 * * *");

        var fires = cron.GetOccurrences(Utc("2026-03-28T00:00:00Z"), Utc("2026-03-31T00:00:00Z"), berlin).Select(t => t.UtcDateTime).ToList();

        Assert.Equal([Utc("2026-03-28T01:30:00Z").UtcDateTime, Utc("2026-03-29T01:00:00Z").UtcDateTime, Utc("2026-03-30T00:30:00Z").UtcDateTime], fires);
    }

    [Fact]
    public void Interval_jobs_skip_the_missing_hour_and_fire_once_at_its_end()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var fires = CronExpression.Parse("*/30 * * * *").GetOccurrences(Utc("2026-03-29T00:15:00Z"), Utc("2026-03-29T01:45:00Z"), berlin)
            .Select(t => t.UtcDateTime.ToString("HH:mm")).ToList();

        // 01:30 CET, then 02:00 and 02:30 do not exist: one fire at 03:00 CEST, then 03:30 CEST.
        Assert.Equal(["00:30", "01:00", "01:30"], fires);
    }

    [Fact]
    public void A_fixed_time_in_the_fall_back_overlap_fires_once()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var fires = CronExpression.Parse("30 2 * * *").GetOccurrences(Utc("2026-10-24T12:00:00Z"), Utc("2026-10-26T12:00:00Z"), berlin).ToList();

        Assert.Equal([Utc("2026-10-25T00:30:00Z"), Utc("2026-10-26T01:30:00Z")], fires);
        Assert.Equal(TimeSpan.FromHours(2), fires[0].Offset);
    }

    [Fact]
    public void Every_hour_jobs_fire_in_both_passes_of_the_repeated_hour()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var fires = CronExpression.Parse("*/30 * * * *").GetOccurrences(Utc("2026-10-24T23:45:00Z"), Utc("2026-10-25T02:05:00Z"), berlin)
            .Select(t => t.UtcDateTime.ToString("HH:mm")).ToList();

        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "02:00"], fires);
    }

    [Fact]
    public void New_York_transitions_follow_the_same_rules()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.Equal(Utc("2026-03-08T07:00:00Z"), CronExpression.Parse("0 2 * * *").GetNextOccurrence(Utc("2026-03-08T05:00:00Z"), newYork));
        var fallBack = CronExpression.Parse("30 1 * * *").GetOccurrences(Utc("2026-11-01T04:00:00Z"), Utc("2026-11-02T12:00:00Z"), newYork).ToList();
        Assert.Equal([Utc("2026-11-01T05:30:00Z"), Utc("2026-11-02T06:30:00Z")], fallBack);
        var hourly = CronExpression.Parse("0 * * * *").GetOccurrences(Utc("2026-11-01T04:30:00Z"), Utc("2026-11-01T07:30:00Z"), newYork)
            .Select(t => t.UtcDateTime.ToString("HH:mm")).ToList();
        Assert.Equal(["05:00", "06:00", "07:00"], hourly);
    }

    [Theory]
    [InlineData("* * * *", "has 4 fields")]
    [InlineData("60 * * * *", "The minute field '60' has '60', which is not a minute from 0 to 59")]
    [InlineData("* 24 * * *", "The hour field '24'")]
    [InlineData("* * 0 * *", "The day-of-month field '0'")]
    [InlineData("* * * 13 *", "The month field '13'")]
    [InlineData("* * * FOO *", "'FOO', which is not a month")]
    [InlineData("* * * * 8", "The day-of-week field '8'")]
    [InlineData("*/0 * * * *", "the step '0'")]
    [InlineData("5-1 * * * *", "ends before it starts")]
    [InlineData("1,,2 * * * *", "an empty list item")]
    [InlineData("? * * * *", "'?', which only day fields accept")]
    [InlineData("@fortnightly", "not a known macro")]
    public void Malformed_expressions_name_the_field_and_the_token(string expression, string expected)
    {
        var error = Assert.Throws<CronFormatException>(() => CronExpression.Parse(expression));
        Assert.Contains(expected, error.Message);
        Assert.False(CronExpression.TryParse(expression, out _, out string? message));
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void The_expression_keeps_its_text()
    {
        Assert.Equal("*/5 * * * *", CronExpression.Parse(" */5 * * * * ").ToString());
        Assert.False(CronExpression.Parse("* * * * *").HasSeconds);
        Assert.True(CronExpression.Parse("*/5 * * * * *").HasSeconds);
    }

    [Fact]
    public void Random_expressions_agree_with_a_minute_by_minute_reference()
    {
        var random = new Random(1122);
        for (int i = 0; i < 150; i++)
        {
            int[]? minutes = Pick(random, 0, 59, 4), hours = Pick(random, 0, 23, 3), days = random.Next(3) == 0 ? Pick(random, 1, 31, 3) : null;
            int[]? months = random.Next(3) == 0 ? Pick(random, 1, 12, 3) : null, weekdays = random.Next(3) == 0 ? Pick(random, 0, 6, 2) : null;
            string text = $"{Join(minutes)} {Join(hours)} {Join(days)} {Join(months)} {Join(weekdays)}";
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(525_600));

            var expected = Reference(start, minutes!, hours!, days, months, weekdays);
            Assert.True(expected == CronExpression.Parse(text).GetNextOccurrence(start, TimeZoneInfo.Utc), $"'{text}' after {start:O}: expected {expected:O}");
        }
    }

    private static DateTimeOffset? Reference(DateTimeOffset after, int[] minutes, int[] hours, int[]? days, int[]? months, int[]? weekdays)
    {
        var t = after.AddSeconds(-after.Second).AddMinutes(1);
        for (int i = 0; i < 4 * 525_600; i++, t = t.AddMinutes(1))
        {
            bool day = days?.Contains(t.Day) ?? true, weekday = weekdays?.Contains((int)t.DayOfWeek) ?? true;
            bool dayMatches = days is null || weekdays is null ? day && weekday : day || weekday;
            if (minutes.Contains(t.Minute) && hours.Contains(t.Hour) && (months?.Contains(t.Month) ?? true) && dayMatches)
                return t;
        }
        return null;
    }

    private static int[] Pick(Random random, int min, int max, int count) =>
        Enumerable.Range(0, random.Next(1, count + 1)).Select(_ => random.Next(min, max + 1)).Distinct().Order().ToArray();

    private static string Join(int[]? values) => values is null ? "*" : string.Join(",", values);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
