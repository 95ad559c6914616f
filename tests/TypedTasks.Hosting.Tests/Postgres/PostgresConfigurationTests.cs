using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TypedTasks.Brokers;
using TypedTasks.Postgres;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>UsePostgres in its three forms, and the configuration section choosing PostgreSQL.</summary>
public sealed class PostgresConfigurationTests(PostgresHostFixture postgres) : IClassFixture<PostgresHostFixture>
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string NewSchema() => "c" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task UsePostgres_with_a_connection_string_runs_jobs_in_the_given_schema()
    {
        string schema = NewSchema();
        await using var host = await TestHost.StartAsync(o => o.UsePostgres(postgres.Server.ConnectionString, new PostgresBrokerOptions { Schema = schema }));

        await host.Client.EnqueueAsync(new Greet("from postgres"));

        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("hello from postgres") == 1, what: "the job enqueued through UsePostgres");
        Assert.Equal(schema, Assert.IsType<PostgresBroker>(host.Broker).Options.Schema);
        // The job records its run before the worker acks it: the success counts once the ack is stored.
        await Recorder.WaitUntilAsync(() => host.Broker.GetQueueStatsAsync("q").AsTask().GetAwaiter().GetResult().Succeeded == 1,
            what: "the job's success in the queue's stats");
    }

    [Fact]
    public async Task UsePostgres_with_the_apps_data_source_uses_it_and_leaves_it_open()
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres.Server.ConnectionString);
        var options = new PostgresBrokerOptions { Schema = NewSchema() };
        foreach (Action<TypedTasksOptions> use in new Action<TypedTasksOptions>[]
                 {
                     o => o.UsePostgres(dataSource, options),
                     o => o.UsePostgres(sp => sp.GetRequiredService<NpgsqlDataSource>(), options),
                 })
        {
            var services = new ServiceCollection();
            services.AddSingleton(dataSource);
            services.AddTypedTasks(use);
            await using (var provider = services.BuildServiceProvider())
            {
                var broker = Assert.IsType<PostgresBroker>(provider.GetRequiredService<IBroker>());
                Assert.Same(dataSource, broker.DataSource);
                await broker.PingAsync();
            }

            await using var connection = await dataSource.OpenConnectionAsync();   // the provider's disposal left it usable
        }
    }

    [Fact]
    public async Task A_Postgres_connection_string_in_configuration_selects_the_PostgreSQL_broker_and_its_schema()
    {
        var services = new ServiceCollection();
        services.AddTypedTasks(Configuration(("TypedTasks:Postgres", postgres.Server.ConnectionString), ("TypedTasks:Schema", "app1")),
            o => o.UsePostgresFromConfiguration().UseRedisFromConfiguration());
        await using var provider = services.BuildServiceProvider();

        var broker = Assert.IsType<PostgresBroker>(provider.GetRequiredService<IBroker>());
        Assert.Equal("app1", broker.Options.Schema);
        await broker.PingAsync();
    }

    [Fact]
    public void A_Postgres_setting_without_the_PostgreSQL_broker_wired_fails_at_registration_with_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTypedTasks(Configuration(("TypedTasks:Postgres", "Host=localhost")), o => o.UseRedisFromConfiguration()));

        Assert.Contains("TypedTasks:Postgres is set", error.Message);
        Assert.Contains("o => o.UsePostgresFromConfiguration()", error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_fails_at_UsePostgres()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddTypedTasks(o => o.UsePostgres("Host=localhost;NoSuchKeyword=1")));
        Assert.Contains("nosuchkeyword", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
