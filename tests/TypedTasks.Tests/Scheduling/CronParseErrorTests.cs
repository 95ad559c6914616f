using TypedTasks.Scheduling;
using Xunit;

namespace TypedTasks.Tests.Scheduling;

public sealed class CronParseErrorTests
{
    [Theory]
    [InlineData("* * * *", "Cron expression '* * * *' has 4 fields; write 5 (minute hour day-of-month month day-of-week) or 6 (a seconds field first).")]
    [InlineData("* * * * * * *", "has 7 fields")]
    [InlineData("", "has 0 fields")]
    [InlineData("60 * * * *", "Cron expression '60 * * * *': the minute field '60' has '60', which is not a minute (0-59).")]
    [InlineData("60 * * * * *", "the second field '60' has '60', which is not a second (0-59)")]
    [InlineData("* 24 * * *", "the hour field '24' has '24', which is not a hour (0-23)")]
    [InlineData("* * 0 * *", "the day-of-month field '0' has '0', which is not a day-of-month (1-31)")]
    [InlineData("* * 32 * *", "the day-of-month field '32'")]
    [InlineData("* * * 13 *", "the month field '13' has '13', which is not a month (1-12 or JAN-DEC)")]
    [InlineData("* * * FOO *", "the month field 'FOO' has 'FOO', which is not a month (1-12 or JAN-DEC)")]
    [InlineData("* * * * 8", "the day-of-week field '8' has '8', which is not a day-of-week (0-7 or SUN-SAT)")]
    [InlineData("* * * * MON-FUN", "the day-of-week field 'MON-FUN' has 'FUN'")]
    [InlineData("MON * * * *", "the minute field 'MON' has 'MON', which is not a minute (0-59)")]
    [InlineData("-5 * * * *", "the minute field '-5' has '-5'")]
    [InlineData("1- * * * *", "the minute field '1-' has ''")]
    [InlineData("*/0 * * * *", "the minute field '*/0' has the step '0'; a minute step is a number from 1 to 59")]
    [InlineData("*/60 * * * *", "has the step '60'")]
    [InlineData("5/ * * * *", "has the step ''")]
    [InlineData("5-1 * * * *", "the minute field '5-1' has the range '5-1', which ends before it starts; write the smaller value first")]
    [InlineData("1,,2 * * * *", "the minute field '1,,2' has an empty list item")]
    [InlineData("? * * * *", "the minute field '?' has '?', which only the day-of-month and day-of-week fields accept; use '*'")]
    [InlineData("* * L,15 * *", "has 'L', which is not a day-of-month (1-31); L (last day of the month) must stand alone in the field")]
    [InlineData("* * * * L", "the day-of-week field 'L' has 'L'")]
    [InlineData("@fortnightly", "Cron expression '@fortnightly': '@fortnightly' is not a known macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly.")]
    public void Malformed_expressions_name_the_field_the_token_and_the_allowed_values(string expression, string expected)
    {
        var error = Assert.Throws<CronFormatException>(() => CronExpression.Parse(expression));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(CronExpression.TryParse(expression, out var cron, out string? message));
        Assert.Null(cron);
        Assert.Equal(error.Message, message);
        Assert.False(CronExpression.TryParse(expression, out _));
    }

    [Fact]
    public void A_null_expression_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => CronExpression.Parse(null!));
        Assert.False(CronExpression.TryParse(null, out _, out string? message));
        Assert.Contains("required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 12 ? * MON-FRI")]
    [InlineData("@Weekly")]
    [InlineData("\t0\t0 L  *  * ")]
    public void Valid_expressions_parse_with_TryParse(string expression)
    {
        Assert.True(CronExpression.TryParse(expression, out var cron, out string? error));
        Assert.Null(error);
        Assert.Equal(expression, cron.ToString());
    }
}
