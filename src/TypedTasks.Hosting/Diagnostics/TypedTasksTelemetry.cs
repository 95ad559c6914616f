using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TypedTasks.Hosting;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>TypedTasks</c>: spans for enqueue and
/// execution (the execution span's parent is the enqueue span, carried in the job envelope) and job counters.
/// </summary>
public static class TypedTasksTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "TypedTasks";

    /// <summary>Spans: <c>enqueue {task}</c> (producer) and <c>process {task}</c> (consumer).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The meter of the instruments below.</summary>
    public static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("typedtasks.jobs.enqueued", "{job}", "Jobs enqueued.");
    internal static readonly Counter<long> Started = Meter.CreateCounter<long>("typedtasks.jobs.started", "{job}", "Job attempts started.");
    internal static readonly Counter<long> Succeeded = Meter.CreateCounter<long>("typedtasks.jobs.succeeded", "{job}", "Jobs that ran to completion.");
    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>("typedtasks.jobs.failed", "{job}", "Job attempts that failed (timeouts included).");
    internal static readonly Counter<long> Retried = Meter.CreateCounter<long>("typedtasks.jobs.retried", "{job}", "Failed jobs scheduled for another attempt.");
    internal static readonly Counter<long> Dead = Meter.CreateCounter<long>("typedtasks.jobs.dead", "{job}", "Jobs moved to the dead set.");
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("typedtasks.job.duration", "s", "How long job attempts ran.");
    internal static readonly Histogram<double> QueueLatency = Meter.CreateHistogram<double>("typedtasks.job.queue_latency", "s", "Time from enqueue (or due time) to start.");

    internal static KeyValuePair<string, object?> TaskTag(string task) => new("typedtasks.task", task);

    internal static KeyValuePair<string, object?> QueueTag(string queue) => new("typedtasks.queue", queue);
}
