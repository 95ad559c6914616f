namespace TypedTasks.Testing;

/// <summary>What an enqueue does under the test kit (Sidekiq's testing modes).</summary>
public enum TestMode
{
    /// <summary>
    /// Jobs are recorded and wait: assert on them with <see cref="TaskTestHarness.Enqueued{TTask}"/>, run them with
    /// <see cref="TaskTestHarness.RunAllAsync"/> or <see cref="TaskTestHarness.RunDueAsync"/>.
    /// </summary>
    Fake,

    /// <summary>
    /// A job due now runs in the caller before <c>PerformAsync</c> returns (jobs due later wait for the clock); a
    /// failed run throws <see cref="JobFailedException"/> from <c>PerformAsync</c>.
    /// </summary>
    Inline,
}
