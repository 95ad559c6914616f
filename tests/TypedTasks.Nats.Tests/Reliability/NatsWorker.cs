using TypedTasks.TestSupport.Reliability;
using Record = TypedTasks.Nats.ReliabilityWorker.Record;

namespace TypedTasks.Nats.Tests.Reliability;

/// <summary>Starts the NATS reliability worker (tests/TypedTasks.Nats.ReliabilityWorker) as its own process.</summary>
public static class NatsWorker
{
    public static WorkerProcess Start(string url, string prefix, int concurrency = 8, int maxStalls = 2, int replicas = 1) =>
        WorkerProcess.Start(typeof(Record).Assembly.Location,
            ["--nats", url, "--prefix", prefix, "--concurrency", concurrency.ToString(), "--max-stalls", maxStalls.ToString(), "--replicas", replicas.ToString()]);
}
