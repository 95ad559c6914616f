using TypedTasks.TestSupport.Reliability;

namespace TypedTasks.Reliability.Tests;

/// <summary>Starts the Redis reliability worker (tests/TypedTasks.ReliabilityWorker) as its own process.</summary>
public static class RedisWorker
{
    public static WorkerProcess Start(string redis, string prefix, int concurrency = 8, int? prefetch = null, int maxStalls = 2)
    {
        var arguments = new List<string> { "--redis", redis, "--prefix", prefix, "--concurrency", concurrency.ToString(), "--max-stalls", maxStalls.ToString() };
        if (prefetch is { } ahead)
            arguments.AddRange(["--prefetch", ahead.ToString()]);
        return WorkerProcess.Start(typeof(TypedTasks.ReliabilityWorker.Record).Assembly.Location, arguments);
    }
}
