using Xunit;

namespace TypedTasks.Hosting.Tests;

public sealed class CronParseErrorTests
{
    [Theory]
    [InlineData("* * * *", "Cron expression '* * * *' has 4 fields; write 5 (minute hour day-of-month month day-of-week) or 6 (a seconds field first).")]
    [InlineData("* * * * * * *", "has 7 fields")]
    [InlineData("", "has 0 fields")]
    [InlineData("60 * * * *", "Cron expression '60 * * * *' is invalid: Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("60 * * * * *", "Seconds: Value must be a number between 0 and 59")]
    [InlineData("* 24 * * *", "Hours: Value must be a number between 0 and 23")]
    [InlineData("* * 0 * *", "Days of month: Value must be a number between 1 and 31")]
    [InlineData("* * 32 * *", "Days of month: Value must be a number between 1 and 31")]
    [InlineData("* * * 13 *", "Months: Value must be a number between 1 and 12")]
    [InlineData("* * * FOO *", "Months: Value must be a number between 1 and 12")]
    [InlineData("* * * * 8", "Days of week: Value must be a number between 0 and 7")]
    [InlineData("* * * * MON-FUN", "Days of week")]
    [InlineData("MON * * * *", "Minutes")]
    [InlineData("-5 * * * *", "Minutes")]
    [InlineData("1- * * * *", "Minutes")]
    [InlineData("*/0 * * * *", "Minutes: Value must be a number between 1 and 59")]
    [InlineData("*/60 * * * *", "Minutes: Value must be a number between 1 and 59")]
    [InlineData("5/ * * * *", "Minutes")]
    [InlineData("1,,2 * * * *", "Minutes")]
    [InlineData("* * L,15 * *", "Days of month: Unexpected character ','")]
    [InlineData("* * * * L", "Days of week")]
    [InlineData("@fortnightly", "Cron expression '@fortnightly' is invalid: Macro")]
    [InlineData("H * * * *", "Cron expression 'H * * * *' uses H (a random value per schedule), which TypedTasks does not support; write the value.")]
    [InlineData("0 0 1 * H", "uses H")]
    public void Malformed_expressions_name_the_expression_and_the_problem(string expression, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CronTimes.Parse(expression));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_expression_is_rejected() => Assert.Throws<ArgumentNullException>(() => CronTimes.Parse(null!));

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 12 ? * MON-FRI")]
    [InlineData("@Weekly")]
    [InlineData("@every_second")]
    [InlineData("\t0\t0 L  *  * ")]
    [InlineData("0 0 LW * *")]
    [InlineData("0 0 * * FRI#2")]
    [InlineData("0 0 * * 5L")]
    [InlineData("0 0 L-3 * *")]
    [InlineData("0 0 15W * *")]
    [InlineData("0-59/10,7 * * * *")]
    [InlineData("0 22-2 * * *")]
    public void Valid_expressions_parse_and_keep_their_text(string expression) =>
        Assert.Equal(expression, CronTimes.Parse(expression).Text);

    /// <summary>Cronos accepts what our own parser refused; the README says so.</summary>
    [Fact]
    public void Reversed_ranges_wrap_around_and_a_question_mark_stands_for_a_star_in_any_field()
    {
        var from = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

        var wrapped = CronTimes.Parse("58-1 * * * *").GetOccurrences(from, from.AddMinutes(62), TimeZoneInfo.Utc).Select(t => t.Minute);
        Assert.Equal([1, 58, 59, 0, 1], wrapped);
        Assert.Equal(from.AddMinutes(1), CronTimes.Parse("? * * * *").GetNextOccurrence(from, TimeZoneInfo.Utc));
    }
}
