using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedTasks.Brokers;
using TypedTasks.Redis;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>The TypedTasks configuration section, bound by the configuration-binding source generator.</summary>
public sealed class ConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task Queues_from_configuration_are_served_and_the_in_memory_broker_is_the_default()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<Recorder>();
        builder.Services.AddTypedTasks(Configuration(("TypedTasks:Queues:q:Concurrency", "3"), ("TypedTasks:StrictOrder", "true")),
                o => o.Registry = TestTasks.Registry)
            .AddWorker();
        using var host = builder.Build();
        await host.StartAsync();

        Assert.IsType<InMemoryBroker>(host.Services.GetRequiredService<IBroker>());
        await host.Services.GetRequiredService<ITaskClient>().EnqueueAsync(new Greet("configured"));
        await Recorder.WaitUntilAsync(() => host.Services.GetRequiredService<Recorder>().CountOf("hello configured") == 1, what: "the configured queue's job");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_Redis_connection_string_in_configuration_selects_the_Redis_broker()
    {
        await using var server = await TypedTasks.TestSupport.Redis.RedisServer.StartAsync();
        var services = new ServiceCollection();
        services.AddTypedTasks(Configuration(("TypedTasks:Redis", server.ConnectionString), ("TypedTasks:KeyPrefix", "app1")),
            o => o.UseRedisFromConfiguration());
        await using var provider = services.BuildServiceProvider();

        var broker = Assert.IsType<RedisBroker>(provider.GetRequiredService<IBroker>());
        Assert.Equal("app1", broker.Options.KeyPrefix);
    }

    [Fact]
    public void A_Redis_setting_without_the_Redis_broker_wired_fails_at_registration_with_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTypedTasks(Configuration(("TypedTasks:Redis", "localhost:6379"))));

        Assert.Contains("TypedTasks:Redis is set", error.Message);
        Assert.Contains("o => o.UseRedisFromConfiguration()", error.Message);
    }

    [Fact]
    public async Task A_broker_chosen_in_code_wins_over_the_configuration_and_no_setting_keeps_jobs_in_memory()
    {
        var services = new ServiceCollection();
        services.AddTypedTasks(Configuration(("TypedTasks:Redis", "127.0.0.1:1")), o => o.UseRedisFromConfiguration().UseInMemory());
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<InMemoryBroker>(provider.GetRequiredService<IBroker>());

        var plain = new ServiceCollection();
        plain.AddTypedTasks(Configuration(("TypedTasks:StrictOrder", "true")), o => o.UseRedisFromConfiguration());
        await using var plainProvider = plain.BuildServiceProvider();
        Assert.IsType<InMemoryBroker>(plainProvider.GetRequiredService<IBroker>());
    }

    [Theory]
    [InlineData("TypedTasks:Queues:q:Concurrency", "0", "needs a concurrency of 1 or more")]
    [InlineData("TypedTasks:Queues:{q}:Concurrency", "2", "must not contain '{'")]
    [InlineData("TypedTasks:Queues:q:Weight", "-1", "needs a weight of 1 or more")]
    public void Invalid_worker_settings_fail_with_a_clear_message(string key, string value, string expected)
    {
        var services = new ServiceCollection();
        var error = Assert.ThrowsAny<ArgumentException>(() => services.AddTypedTasks(Configuration((key, value))).AddWorker());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_worker_without_queues_says_how_to_add_one()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTypedTasks().AddWorker());
        Assert.Contains("w.Queue(\"default\", concurrency: 10)", error.Message);
    }
}
