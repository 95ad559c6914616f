using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;
using Xunit;

namespace TypedTasks.Nats.Tests;

/// <summary>The broker contract on NATS JetStream.</summary>
public sealed class NatsBrokerContractTests(NatsServerFixture nats) : BrokerContractTests, IClassFixture<NatsServerFixture>
{
    protected override async Task<IBroker> CreateBrokerAsync() => await nats.NewBrokerAsync();

    protected override async Task<IBroker> CreateBrokerAsync(IReadOnlyDictionary<string, DeadRetention> deadRetentionByQueue) =>
        await nats.NewBrokerAsync(new NatsBrokerOptions
        {
            Prefix = NatsServerFixture.Options().Prefix,
            RecoverInterval = TimeSpan.FromMilliseconds(100),
            DeadRetentionByQueue = deadRetentionByQueue,
        });

    protected override async Task<IBroker> CreateBrokerForgettingIdleQueuesAsync(TimeSpan idle) =>
        await nats.NewBrokerAsync(new NatsBrokerOptions
        {
            Prefix = NatsServerFixture.Options().Prefix,
            RecoverInterval = TimeSpan.FromMilliseconds(100),
            ForgetIdleQueuesAfter = idle,
        });
}
