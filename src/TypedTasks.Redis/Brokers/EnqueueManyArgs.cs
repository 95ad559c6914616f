using StackExchange.Redis;
using TypedTasks.Brokers;

namespace TypedTasks.Redis;

/// <summary>
/// The arguments of one enqueueMany.lua call (see its header): the values jobs share (task name, due time, unique lock
/// ttl and mode) go once per distinct combination, a kind, and each job sends its id, its envelope, its kind's number
/// when the call has several kinds and its unique key (empty for none) when a kind has one. Every job of a call sends
/// as many values, so the script finds a job's values by stride. A bulk enqueue of one task, or the same task enqueued
/// by many callers, is one kind: 2 values per job instead of 7 for Redis to parse and the client to write.
/// </summary>
internal static class EnqueueManyArgs
{
    /// <summary>The call's arguments for the requests at <paramref name="positions"/>, or all of them when <see langword="null"/>.</summary>
    public static RedisValue[] For(IReadOnlyList<EnqueueRequest> requests, int[]? positions)
    {
        int count = positions?.Length ?? requests.Count;
        var kinds = new List<Kind>(1);
        var kindOf = new int[count];
        bool unique = false;
        for (int j = 0; j < count; j++)
        {
            var kind = Kind.Of(requests[positions is null ? j : positions[j]]);
            int at = j > 0 && kinds[kindOf[j - 1]] == kind ? kindOf[j - 1] : kinds.IndexOf(kind);
            if (at < 0)
            {
                at = kinds.Count;
                kinds.Add(kind);
                unique |= kind.UniqueTtlMs > 0;
            }
            kindOf[j] = at;
        }
        bool numbered = kinds.Count > 1;
        int perJob = 2 + (numbered ? 1 : 0) + (unique ? 1 : 0);
        var args = new RedisValue[2 + kinds.Count * 4 + count * perJob];
        args[0] = count;
        args[1] = kinds.Count;
        int a = 2;
        foreach (var kind in kinds)
        {
            args[a] = kind.TaskName;
            args[a + 1] = kind.DueMs;
            args[a + 2] = kind.UniqueTtlMs;
            args[a + 3] = kind.ReleasedWhenStarted;
            a += 4;
        }
        for (int j = 0; j < count; j++)
        {
            var request = requests[positions is null ? j : positions[j]];
            args[a++] = request.Id.Value;
            args[a++] = request.Envelope;
            if (numbered)
                args[a++] = kindOf[j] + 1;
            if (unique)
                args[a++] = request.Unique?.Key ?? "";
        }
        return args;
    }

    /// <summary>What a job may share with others of its call; a due time of 0 is now, a ttl of 0 no unique key.</summary>
    private readonly record struct Kind(string TaskName, long DueMs, long UniqueTtlMs, int ReleasedWhenStarted)
    {
        public static Kind Of(EnqueueRequest request)
        {
            var unique = request.Unique;
            return new Kind(
                request.TaskName,
                request.DueAt is { } due ? Millis.CeilingUnix(due) : 0,
                unique is null ? 0 : Math.Max(1, Millis.Ceiling(unique.Ttl)),
                unique is { Mode: UniqueMode.UntilStarted } ? 1 : 0);
        }
    }
}
