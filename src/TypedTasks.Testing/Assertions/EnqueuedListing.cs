using System.Text;

namespace TypedTasks.Testing;

/// <summary>The failure messages of the assertions: what was expected, then what was enqueued instead, one job a line.</summary>
internal static class EnqueuedListing
{
    private const int MaxListed = 20;

    public static string Missing<TTask>(string? expression, IReadOnlyList<EnqueuedJob<TTask>> sameTask, IReadOnlyList<EnqueuedJob> all)
        where TTask : IGeneratedTask<TTask>
    {
        var text = new StringBuilder($"Expected {Wanted<TTask>(expression)} to be enqueued, ");
        var others = all.Where(j => j.TaskName != TTask.Name).ToList();
        if (sameTask.Count > 0)
        {
            text.Append($"but none of the {sameTask.Count} {Name<TTask>()} job(s) enqueued matches:\n");
            List(text, sameTask);
            if (others.Count > 0)
                text.Append($"\nOther jobs enqueued ({others.Count}):\n");
        }
        else
        {
            text.Append(others.Count == 0 ? "but no job was enqueued." : $"but no {Name<TTask>()} job was. Jobs enqueued ({others.Count}):\n");
        }
        List(text, others);
        return text.ToString().TrimEnd();
    }

    public static string Unexpected<TTask>(string? expression, IReadOnlyList<EnqueuedJob<TTask>> matches)
        where TTask : IGeneratedTask<TTask>
    {
        var text = new StringBuilder($"Expected no {Name<TTask>()} job{Matching(expression)} to be enqueued, but {matches.Count} {(matches.Count == 1 ? "was" : "were")}:\n");
        List(text, matches);
        return text.ToString().TrimEnd();
    }

    private static string Wanted<TTask>(string? expression) where TTask : IGeneratedTask<TTask> =>
        $"a {Name<TTask>()} job{Matching(expression)}";

    private static string Matching(string? expression) => expression is null ? "" : $" matching {expression}";

    private static string Name<TTask>() where TTask : IGeneratedTask<TTask> =>
        typeof(TTask).Name == TTask.Name ? TTask.Name : $"{typeof(TTask).Name} ({TTask.Name})";

    private static void List(StringBuilder text, IEnumerable<EnqueuedJob> jobs)
    {
        int listed = 0, total = 0;
        foreach (var job in jobs)
        {
            if (listed++ < MaxListed)
                text.Append("  - ").Append(job).Append('\n');
            total++;
        }
        if (total > MaxListed)
            text.Append($"  ... and {total - MaxListed} more\n");
    }
}
