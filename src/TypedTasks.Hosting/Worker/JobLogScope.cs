using System.Collections;

namespace TypedTasks.Hosting;

/// <summary>The logging scope of a running job: <c>JobId</c>, <c>Task</c>, <c>Queue</c>, <c>Attempt</c>.</summary>
internal sealed class JobLogScope(JobId jobId, string task, string queue, int attempt) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 4;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("JobId", jobId.Value),
        1 => new("Task", task),
        2 => new("Queue", queue),
        3 => new("Attempt", attempt),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Job {jobId} ({task}, queue {queue}, attempt {attempt})";
}
