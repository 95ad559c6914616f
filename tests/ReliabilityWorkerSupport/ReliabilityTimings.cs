using TypedTasks.Hosting;

namespace TypedTasks.ReliabilityWorkerSupport;

/// <summary>How every reliability worker serves its queue: the tests kill workers and wait for their jobs to come back.</summary>
internal static class ReliabilityTimings
{
    /// <summary>
    /// Serves queue "default" with <paramref name="concurrency"/> slots, on leases short enough (3 s, renewed every
    /// second, expired ones recovered every 500 ms) that a killed worker's jobs run again within seconds.
    /// </summary>
    public static void ServeDefaultQueue(WorkerOptions worker, int concurrency)
    {
        worker.Queue("default", concurrency);
        worker.LeaseDuration = TimeSpan.FromSeconds(3);
        worker.HeartbeatInterval = TimeSpan.FromSeconds(1);
        worker.RecoverInterval = TimeSpan.FromMilliseconds(500);
    }
}
