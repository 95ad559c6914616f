using TypedTasks.TestSupport.Reliability;
using Record = TypedTasks.Postgres.ReliabilityWorker.Record;

namespace TypedTasks.Postgres.Tests.Reliability;

/// <summary>Starts the PostgreSQL reliability worker (tests/TypedTasks.Postgres.ReliabilityWorker) as its own process.</summary>
public static class PostgresWorker
{
    public static WorkerProcess Start(string connectionString, string schema, int concurrency = 8, int maxStalls = 2) =>
        WorkerProcess.Start(typeof(Record).Assembly.Location,
            ["--postgres", connectionString, "--schema", schema, "--concurrency", concurrency.ToString(), "--max-stalls", maxStalls.ToString()]);
}
