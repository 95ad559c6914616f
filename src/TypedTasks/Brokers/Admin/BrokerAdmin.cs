namespace TypedTasks.Brokers;

/// <summary>Finds a broker's <see cref="IBrokerAdmin"/> side.</summary>
public static class BrokerAdmin
{
    /// <summary>The broker's admin queries, or <see langword="null"/> when it has none.</summary>
    public static IBrokerAdmin? Of(IBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker as IBrokerAdmin;
    }

    /// <summary>The broker's admin queries.</summary>
    /// <exception cref="NotSupportedException">The broker does not implement <see cref="IBrokerAdmin"/>; the message names it.</exception>
    public static IBrokerAdmin Require(IBroker broker) => Of(broker) ?? throw new NotSupportedException(
        $"The broker {broker.GetType().Name} does not implement IBrokerAdmin, so it cannot list jobs, workers or schedules; use a broker that does (in-memory, Redis, PostgreSQL).");

    /// <summary>Checks a set for <see cref="IBrokerAdmin.RetryAllAsync"/>.</summary>
    /// <exception cref="ArgumentException">Not dead, retry or scheduled.</exception>
    public static JobSet ValidateRetrySet(JobSet set) => set is JobSet.Dead or JobSet.Retry or JobSet.Scheduled
        ? set
        : throw new ArgumentException($"Only dead, retry and scheduled jobs can be retried or run now, not {set}.", nameof(set));

    /// <summary>Checks a set for <see cref="IBrokerAdmin.DeleteAllAsync"/>.</summary>
    /// <exception cref="ArgumentException">Active, or not a set.</exception>
    public static JobSet ValidateDeleteSet(JobSet set) => set is JobSet.Active || !Enum.IsDefined(set)
        ? throw new ArgumentException($"Jobs of set {set} cannot be deleted all at once; cancel running jobs instead.", nameof(set))
        : set;

    /// <summary>Checks the paging arguments of <see cref="IBrokerAdmin.ListJobsAsync"/>.</summary>
    /// <exception cref="ArgumentException">An invalid queue, set, offset or count.</exception>
    public static void ValidateListing(string queue, JobSet set, int offset, int count)
    {
        QueueName.Validate(queue);
        if (!Enum.IsDefined(set))
            throw new ArgumentOutOfRangeException(nameof(set), set, "Unknown job set.");
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
    }
}
