namespace TypedTasks.Brokers;

/// <summary>A cron schedule as the hosts that run it recorded it.</summary>
public sealed record CronScheduleStatus
{
    /// <summary>The schedule's identity, the same on every host (its fire times' job ids are <c>cron:&lt;id&gt;:&lt;unix seconds&gt;</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The task's wire name.</summary>
    public required string TaskName { get; init; }

    /// <summary>The queue its jobs go to; <see langword="null"/> for the task's default queue.</summary>
    public string? Queue { get; init; }

    /// <summary>The cron expression as written.</summary>
    public required string Expression { get; init; }

    /// <summary>The time zone its fields are read in (an IANA or Windows id).</summary>
    public required string TimeZone { get; init; }

    /// <summary>The next fire times when the record was made, earliest first.</summary>
    public IReadOnlyList<DateTimeOffset> NextFires { get; init; } = [];

    /// <summary>The machine that made the record.</summary>
    public string? Host { get; init; }

    /// <summary>When the record was made (the host's clock).</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The latest fire time enqueued (see <see cref="IBrokerAdmin.RecordCronFireAsync"/>); <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastFireAt { get; init; }

    /// <summary>The job of <see cref="LastFireAt"/>.</summary>
    public JobId? LastJobId { get; init; }
}
