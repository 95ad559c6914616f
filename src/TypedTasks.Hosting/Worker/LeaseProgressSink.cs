using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>Stores a running job's progress in the broker, fenced by its lease.</summary>
internal sealed class LeaseProgressSink(IBroker broker, JobLease lease) : ITaskProgressSink
{
    public async ValueTask ReportProgressAsync(JobId jobId, double percent, CancellationToken cancellationToken) =>
        await broker.SetProgressAsync(lease, percent, cancellationToken).ConfigureAwait(false);
}
