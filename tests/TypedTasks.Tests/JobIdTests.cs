using Xunit;

namespace TypedTasks.Tests;

/// <summary>Job ids as users see them in logs and dashboards: UUIDv7 text, unique, sorted by creation time.</summary>
public sealed class JobIdTests
{
    [Fact]
    public void New_ids_are_version_7_uuids_carrying_their_creation_time()
    {
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, 123, TimeSpan.Zero);

        var id = JobId.New(at);

        var guid = Guid.Parse(id.Value);
        Assert.Equal(36, id.Value.Length);
        Assert.Equal('7', id.Value[14]);
        Assert.Contains(id.Value[19], "89ab");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(id.Value[..8] + id.Value[9..13], 16));
        Assert.NotEqual(Guid.Empty, guid);
    }

    [Fact]
    public void Ids_are_unique_and_sort_by_creation_time()
    {
        var start = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 100_000).Select(i => JobId.New(start.AddMilliseconds(i / 100)).Value).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        var byTime = ids.Select((id, i) => (id, ms: i / 100)).GroupBy(x => x.ms).Select(g => g.Min(x => x.id)).ToList();
        Assert.Equal(byTime.Order(StringComparer.Ordinal), byTime);
    }

    [Fact]
    public void Ids_made_on_many_threads_in_the_same_millisecond_are_unique()
    {
        var at = DateTimeOffset.UtcNow;
        var ids = new string[8][];

        Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = ids.Length },
            t => ids[t] = Enumerable.Range(0, 20_000).Select(_ => JobId.New(at).Value).ToArray());

        var all = ids.SelectMany(x => x).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        // Only the random part differs: 74 random bits per id, so no two of 160 000 share them.
        Assert.Equal(all.Count, all.Select(id => id[15..]).Distinct().Count());
    }
}
