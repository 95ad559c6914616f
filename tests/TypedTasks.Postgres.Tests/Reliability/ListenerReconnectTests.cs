using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Postgres;
using TypedTasks.TestSupport.Reliability;
using Xunit;

namespace TypedTasks.Postgres.Tests.Reliability;

/// <summary>The notification connection survives a database crash: idle workers poll meanwhile, and it logs its loss and its return.</summary>
public sealed class ListenerReconnectTests
{
    /// <summary>The application name of the waiting broker's connections, to find its queries in <c>pg_stat_activity</c>.</summary>
    private const string WaitingBroker = "tt-waiting-broker";

    [Fact]
    public async Task After_a_crash_restart_waiting_workers_are_woken_again_and_the_reconnect_is_logged()
    {
        await using var server = await PostgresServer.StartAsync();
        var log = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        await using var broker = new PostgresBroker(server.ConnectionString + ";Application Name=" + WaitingBroker, new PostgresBrokerOptions(), loggers);
        var client = new PostgresBroker(server.ConnectionString);
        Assert.False(await broker.WaitForWorkAsync(["q"], TimeSpan.FromMilliseconds(300)));

        await server.RestartImmediateAsync();
        await Conditions.WaitAsync(() => log.Messages.Any(m => m.Contains("reconnected its PostgreSQL notification connection")), TimeSpan.FromSeconds(30),
            "the reconnect to be logged", TimeSpan.FromMilliseconds(50));

        var wait = broker.WaitForWorkAsync(["q"], TimeSpan.FromSeconds(10)).AsTask();
        // Once its check for ready work has run, the job enqueued below can reach the wait in time only by its notification.
        await Conditions.WaitAsync(() => ReadyCheckRanAsync(server), TimeSpan.FromSeconds(30), "the waiting worker's check for ready work to run",
            TimeSpan.FromMilliseconds(20));
        Assert.False(wait.IsCompleted);
        await client.EnqueueAsync(new EnqueueRequest { Id = JobId.New(), Queue = "q", TaskName = "t", Envelope = new byte[] { 1 } });
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains(log.Messages, m => m.Contains("lost its PostgreSQL notification connection"));
    }

    /// <summary>
    /// Whether the waiting broker has finished its query for ready work (waiting.sql, the one that takes
    /// <c>min(w.ready_at)</c>): a connection of its own that ran it and is idle again. Since the crash cut its connections,
    /// no earlier run of it is left.
    /// </summary>
    private static async Task<bool> ReadyCheckRanAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle' AND query LIKE '%min(w.ready_at)%'", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WaitingBroker });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collecting(Messages);

        public void Dispose()
        {
        }

        private sealed class Collecting(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
