using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;
using Xunit;

namespace TypedTasks.Nats.Tests;

/// <summary>The admin contract on NATS JetStream; each broker has buckets of its own, so it starts with no workers or schedules.</summary>
public sealed class NatsBrokerAdminContractTests(NatsServerFixture nats) : BrokerAdminContractTests, IClassFixture<NatsServerFixture>
{
    protected override async Task<IBroker> CreateBrokerAsync() => await nats.NewBrokerAsync();
}
