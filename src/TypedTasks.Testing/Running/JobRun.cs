using System.Globalization;

namespace TypedTasks.Testing;

/// <summary>One attempt of a job that the test kit ran, and how it ended.</summary>
public sealed record JobRun
{
    /// <summary>The job's id.</summary>
    public required JobId Id { get; init; }

    /// <summary>The task's wire name.</summary>
    public required string TaskName { get; init; }

    /// <summary>The queue the job ran from.</summary>
    public required string Queue { get; init; }

    /// <summary>The attempt: 1 for the first run, 2 for the first retry, and so on.</summary>
    public required int Attempt { get; init; }

    /// <summary>When the attempt started, on the test clock.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How the attempt ended.</summary>
    public required JobOutcome Outcome { get; init; }

    /// <summary>The error the worker recorded for a failed attempt (as job lookups and the dead set show it).</summary>
    public string? Error { get; init; }

    /// <summary>The exception the task (or a middleware) threw, when there was one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>With <see cref="JobOutcome.Retrying"/>: when the retry is due, on the test clock.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Describes the run on one line.</summary>
    public override string ToString()
    {
        string run = $"{TaskName} job {Id} attempt {Attempt} on queue \"{Queue}\": {Outcome}";
        if (Error is not null)
            run += $" ({Error})";
        if (RetryAt is { } retry)
            run += $", retry due {retry.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFF", CultureInfo.InvariantCulture)}Z ({(retry - StartedAt).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after the attempt started)";
        return run;
    }
}
