namespace TypedTasks.Testing;

/// <summary>
/// A job the test kit ran failed: thrown by <see cref="TaskTestHarness.RunAllAsync"/> and
/// <see cref="TaskTestHarness.RunDueAsync"/> (unless told to let jobs fail) and, in <see cref="TestMode.Inline"/>, by
/// the <c>PerformAsync</c> that ran the job. The job itself is left as the worker left it: waiting for its retry, or dead.
/// </summary>
public sealed class JobFailedException : Exception
{
    internal JobFailedException(JobRun run, int otherFailures)
        : base(MessageFor(run, otherFailures), run.Exception) => Run = run;

    /// <summary>The failed run.</summary>
    public JobRun Run { get; }

    private static string MessageFor(JobRun run, int otherFailures)
    {
        string what = run.Outcome switch
        {
            JobOutcome.Retrying => "It waits for its retry: RunDueAsync runs it when the test clock gets there.",
            JobOutcome.Cancelled => "It was cancelled on request.",
            _ => "It went to the dead set: no retry is left, or the job cannot be read (a task that does not survive serialization, a task no registry knows).",
        };
        string others = otherFailures > 0 ? $" {otherFailures} other job(s) failed in the same run." : "";
        return $"Job failed: {run}. {what}{others} To let jobs fail and assert on the runs instead, pass throwOnFailure: false.";
    }
}
