using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;
using Xunit;

namespace TypedTasks.Postgres.Tests;

/// <summary>The broker contract on PostgreSQL.</summary>
public sealed class PostgresBrokerContractTests(PostgresServerFixture postgres) : BrokerContractTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IBroker> CreateBrokerAsync() => Task.FromResult<IBroker>(postgres.NewBroker());

    protected override Task<IBroker> CreateBrokerAsync(IReadOnlyDictionary<string, DeadRetention> deadRetentionByQueue) =>
        Task.FromResult<IBroker>(postgres.NewBroker(new PostgresBrokerOptions
        {
            RecoverInterval = TimeSpan.FromMilliseconds(100),
            DeadRetentionByQueue = deadRetentionByQueue,
        }));

    protected override Task<IBroker> CreateBrokerForgettingIdleQueuesAsync(TimeSpan idle) =>
        Task.FromResult<IBroker>(postgres.NewBroker(new PostgresBrokerOptions
        {
            RecoverInterval = TimeSpan.FromMilliseconds(100),
            ForgetIdleQueuesAfter = idle,
        }));
}
