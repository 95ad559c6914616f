using Npgsql;
using TypedTasks;

namespace TypedTasks.Postgres.ReliabilityWorker;

/// <summary>Where jobs record that they ran: a table of job number → runs, in the test's own schema beside the queues.</summary>
public sealed class RunLog(NpgsqlDataSource dataSource, string schema)
{
    /// <summary>The table, created by <see cref="CreateAsync"/>.</summary>
    public string Table { get; } = schema + "_runs";

    public async Task CreateAsync()
    {
        await using var command = dataSource.CreateCommand($"CREATE TABLE IF NOT EXISTS {Table} (number integer PRIMARY KEY, runs integer NOT NULL)");
        await command.ExecuteNonQueryAsync();
    }

    public async Task RecordAsync(int number, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {Table} (number, runs) VALUES ($1, 1) ON CONFLICT (number) DO UPDATE SET runs = {Table}.runs + 1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = number });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Records its number, after a short pause so that kills catch jobs in flight.</summary>
[Backtask(Name = "pg.reliability.record")]
public partial record Record(int Number, int PauseMilliseconds) : IBacktask
{
    /// <summary>Retries within a second: a job whose record failed on a cut connection should not wait for Sidekiq's curve.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 4));

    public async Task RunAsync(RunLog log, CancellationToken cancellationToken)
    {
        if (PauseMilliseconds > 0)
            await Task.Delay(PauseMilliseconds, cancellationToken);
        await log.RecordAsync(Number, cancellationToken);
    }
}
