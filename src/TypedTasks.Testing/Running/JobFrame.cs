namespace TypedTasks.Testing;

/// <summary>
/// The job the test kit is running in this async flow: the jobs it enqueues are recorded one level deeper, a
/// parameterless <c>PerformAsync()</c> inside it goes to the harness running it, and the failures of the runs it
/// causes (inline runs of what it enqueues) are collected for the run that started it.
/// </summary>
internal sealed record JobFrame(TaskTestHarness Harness, EnqueuedJob? Job, List<JobRun> Runs)
{
    private static readonly AsyncLocal<JobFrame?> s_current = new();

    public static JobFrame? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }
}
