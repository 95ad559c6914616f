using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using TypedTasks.Brokers;
using TypedTasks.Nats;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>UseNats in its forms, and the configuration section choosing NATS.</summary>
public sealed class NatsConfigurationTests(NatsHostFixture nats) : IClassFixture<NatsHostFixture>
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string NewPrefix() => "c" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task UseNats_with_a_url_runs_jobs_in_buckets_of_the_given_prefix()
    {
        string prefix = NewPrefix();
        await using var host = await TestHost.StartAsync(o => o.UseNats(nats.Server.Url, new NatsBrokerOptions { Prefix = prefix }));

        await host.Client.EnqueueAsync(new Greet("from nats"));

        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("hello from nats") == 1, what: "the job enqueued through UseNats");
        Assert.Equal(prefix, Assert.IsType<NatsBroker>(host.Broker).Options.Prefix);
        await Recorder.WaitUntilAsync(() => host.Broker.GetQueueStatsAsync("q").AsTask().GetAwaiter().GetResult().Succeeded == 1,
            what: "the job's success in the queue's stats");
    }

    [Fact]
    public async Task UseNats_with_the_apps_connection_uses_it_and_leaves_it_open()
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Server.Url });
        var services = new ServiceCollection();
        services.AddSingleton<INatsConnection>(connection);
        services.AddTypedTasks(o => o.UseNats(sp => sp.GetRequiredService<INatsConnection>(), new NatsBrokerOptions { Prefix = NewPrefix() }));
        await using (var provider = services.BuildServiceProvider())
        {
            var broker = Assert.IsType<NatsBroker>(provider.GetRequiredService<IBroker>());
            await broker.PingAsync();
            await broker.EnqueueAsync(new EnqueueRequest { Id = JobId.New(), Queue = "q", TaskName = "t", Envelope = new byte[] { 1 } });
        }

        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
        await connection.PingAsync();
    }

    [Fact]
    public async Task A_Nats_url_in_configuration_selects_the_NATS_broker_and_its_prefix()
    {
        var services = new ServiceCollection();
        services.AddTypedTasks(Configuration(("TypedTasks:Nats", nats.Server.Url), ("TypedTasks:Prefix", "app1")),
            o => o.UseNatsFromConfiguration().UsePostgresFromConfiguration());
        await using var provider = services.BuildServiceProvider();

        var broker = Assert.IsType<NatsBroker>(provider.GetRequiredService<IBroker>());
        Assert.Equal("app1", broker.Options.Prefix);
        await broker.PingAsync();
    }

    [Fact]
    public void A_Nats_setting_without_the_NATS_broker_wired_fails_at_registration_with_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTypedTasks(Configuration(("TypedTasks:Nats", "nats://localhost:4222")), o => o.UseRedisFromConfiguration()));

        Assert.Contains("TypedTasks:Nats is set", error.Message);
        Assert.Contains("o => o.UseNatsFromConfiguration()", error.Message);
    }

    [Fact]
    public void A_url_that_is_not_a_NATS_url_fails_at_UseNats_with_the_form_to_write()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddTypedTasks(o => o.UseNats("localhost:4222")));
        Assert.Contains("nats://host:4222", error.Message);
    }

    [Fact]
    public void Replicas_outside_what_JetStream_allows_are_refused_with_the_range()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            new ServiceCollection().AddTypedTasks(o => o.UseNats(nats.Server.Url, new NatsBrokerOptions { Replicas = 7 })));
        Assert.Contains("1 to 5", error.Message);
    }
}
