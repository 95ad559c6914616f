using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;

namespace TypedTasks.Tests.Brokers;

/// <summary>The broker contract on the in-memory broker, on the real clock.</summary>
public sealed class InMemoryBrokerContractTests : BrokerContractTests
{
    protected override Task<IBroker> CreateBrokerAsync() => Task.FromResult<IBroker>(new InMemoryBroker());

    protected override Task<IBroker> CreateBrokerAsync(IReadOnlyDictionary<string, DeadRetention> deadRetentionByQueue) =>
        Task.FromResult<IBroker>(new InMemoryBroker(options: new BrokerOptions { DeadRetentionByQueue = deadRetentionByQueue }));

    protected override Task<IBroker> CreateBrokerForgettingIdleQueuesAsync(TimeSpan idle) =>
        Task.FromResult<IBroker>(new InMemoryBroker(options: new BrokerOptions { ForgetIdleQueuesAfter = idle }));
}
