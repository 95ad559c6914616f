using Microsoft.Extensions.Time.Testing;

namespace TypedTasks.Testing;

/// <summary>How the test kit behaves; set in <c>AddTypedTasksTesting(mode, o =&gt; ...)</c>.</summary>
public sealed class TaskTestingOptions
{
    /// <summary>The default bound of <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 10;

    /// <summary>What an enqueue does; <see cref="TestMode.Fake"/> by default. Can be changed later on the harness.</summary>
    public TestMode Mode { get; set; } = TestMode.Fake;

    /// <summary>
    /// The clock of the application (registered as its <see cref="TimeProvider"/>), of the in-memory broker and of
    /// every job run; a new <see cref="FakeTimeProvider"/> set to the current time when <see langword="null"/>.
    /// </summary>
    public FakeTimeProvider? Clock { get; set; }

    /// <summary>
    /// How many generations of jobs a run follows: a job enqueued by a test is at depth 0, one it enqueues at depth 1,
    /// and so on. A job deeper than this stops the run with an error, so a job that enqueues itself cannot run forever.
    /// </summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    internal void Validate()
    {
        if (!Enum.IsDefined(Mode))
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "TaskTestingOptions.Mode is TestMode.Fake or TestMode.Inline.");
        if (MaxDepth < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "TaskTestingOptions.MaxDepth must be 0 or more.");
    }
}
