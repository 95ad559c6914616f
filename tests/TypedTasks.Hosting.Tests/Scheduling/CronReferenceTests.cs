using System.Globalization;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>Random expressions checked against naive walks that test every minute (and second) of the candidate days.</summary>
public sealed class CronReferenceTests
{
    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Random_expressions_agree_with_a_minute_by_minute_reference_over_a_year_in_UTC()
    {
        var random = new Random(20261122);
        for (int i = 0; i < 400; i++)
        {
            var expected = RandomCron.Next(random, withSeconds: i % 3 == 0);
            var cron = CronTimes.Parse(expected.Text);
            var after = YearStart.AddSeconds(random.NextInt64(366L * 86_400)).AddTicks(random.Next(2) * random.Next(10_000_000));

            // Several consecutive fires, each searched from the previous one.
            for (int fire = 0; fire < 4; fire++)
            {
                var want = ReferenceUtc(expected, after);
                var got = cron.GetNextOccurrence(after, TimeZoneInfo.Utc);
                Assert.True(want == got, $"'{expected}' after {after:O}: expected {want:O}, got {got:O}");
                if (got is not { } next)
                    break;
                after = next;
            }
        }
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T12:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-24T12:00:00Z")]
    [InlineData("America/New_York", "2026-03-07T12:00:00Z")]
    [InlineData("America/New_York", "2026-10-31T12:00:00Z")]
    public void Random_expressions_agree_with_a_minute_by_minute_reference_across_a_transition(string zoneId, string windowStart)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = DateTimeOffset.Parse(windowStart, CultureInfo.InvariantCulture);
        var to = from.AddDays(2);
        var random = new Random(zoneId.Length * 31 + from.Month);
        for (int i = 0; i < 60; i++)
        {
            var expected = RandomCron.Next(random, withSeconds: false, everyDay: true);

            var want = ReferenceInZone(expected, zone, from, to).Select(Show).ToList();
            var got = CronTimes.Parse(expected.Text).GetOccurrences(from, to, zone).Select(Show).ToList();

            int differ = want.Zip(got).TakeWhile(p => p.First == p.Second).Count();
            Assert.True(want.SequenceEqual(got),
                $"'{expected}' in {zoneId}, fire {differ}: expected [{string.Join(", ", want.Skip(differ).Take(3))}], got [{string.Join(", ", got.Skip(differ).Take(3))}]");
        }
    }

    /// <summary>The first matching time after <paramref name="after"/>, trying every second of every matching day for 8 years.</summary>
    private static DateTimeOffset? ReferenceUtc(RandomCron cron, DateTimeOffset after)
    {
        var day = after.UtcDateTime.Date;
        for (int i = 0; i < 8 * 366; i++, day = day.AddDays(1))
        {
            if (!cron.DayMatches(day))
                continue;
            for (int minute = 0; minute < 1440; minute++)
            {
                for (int second = 0; second < 60; second++)
                {
                    var t = new DateTimeOffset(day.AddMinutes(minute).AddSeconds(second), TimeSpan.Zero);
                    if (t > after && cron.TimeMatches(minute / 60, minute % 60, second))
                        return t;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Walks real time minute by minute: a minute fires when its wall-clock time matches, except a second pass through a
    /// repeated hour, which only interval jobs fire in; when the wall clock jumps forward, the minute after the jump
    /// fires if any skipped wall-clock time matched.
    /// </summary>
    private static List<DateTimeOffset> ReferenceInZone(RandomCron cron, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var fires = new List<DateTimeOffset>();
        for (var t = from.AddMinutes(1); t <= to; t = t.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(t, zone);
            var previous = TimeZoneInfo.ConvertTime(t.AddMinutes(-1), zone).DateTime;
            bool fire;
            if (local.DateTime - previous > TimeSpan.FromMinutes(1))
            {
                fire = false;
                for (var wall = previous.AddMinutes(1); wall <= local.DateTime; wall = wall.AddMinutes(1))
                    fire |= cron.Matches(wall);
            }
            else
            {
                bool secondPass = zone.IsAmbiguousTime(local) && local.Offset == zone.GetAmbiguousTimeOffsets(local).Min();
                fire = cron.Matches(local.DateTime) && (!secondPass || cron.Interval);
            }
            if (fire)
                fires.Add(local);
        }
        return fires;
    }

    private static string Show(DateTimeOffset t) => t.ToString("MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
