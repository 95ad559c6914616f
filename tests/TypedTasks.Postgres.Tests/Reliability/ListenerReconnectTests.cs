using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Postgres;
using Xunit;

namespace TypedTasks.Postgres.Tests.Reliability;

/// <summary>The notification connection survives a database crash: idle workers poll meanwhile, and it logs its loss and its return.</summary>
public sealed class ListenerReconnectTests
{
    [Fact]
    public async Task After_a_crash_restart_waiting_workers_are_woken_again_and_the_reconnect_is_logged()
    {
        await using var server = await PostgresServer.StartAsync();
        var log = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        await using var broker = new PostgresBroker(server.ConnectionString, new PostgresBrokerOptions(), loggers);
        var client = new PostgresBroker(server.ConnectionString);
        Assert.False(await broker.WaitForWorkAsync(["q"], TimeSpan.FromMilliseconds(300)));

        await server.RestartImmediateAsync();
        await WaitUntilAsync(() => log.Messages.Any(m => m.Contains("reconnected its PostgreSQL notification connection")), "the reconnect to be logged");

        var wait = broker.WaitForWorkAsync(["q"], TimeSpan.FromSeconds(10)).AsTask();
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        await client.EnqueueAsync(new EnqueueRequest { Id = JobId.New(), Queue = "q", TaskName = "t", Envelope = new byte[] { 1 } });
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains(log.Messages, m => m.Contains("lost its PostgreSQL notification connection"));
    }

    private static async Task WaitUntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
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
