using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;

namespace TypedTasks.Tests.Brokers;

/// <summary>The admin contract on the in-memory broker, on the real clock.</summary>
public sealed class InMemoryBrokerAdminContractTests : BrokerAdminContractTests
{
    protected override Task<IBroker> CreateBrokerAsync() => Task.FromResult<IBroker>(new InMemoryBroker());
}
