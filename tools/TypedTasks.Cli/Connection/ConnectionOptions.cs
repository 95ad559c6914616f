using System.CommandLine;
using Microsoft.Extensions.Configuration;
using TypedTasks.Hosting;

namespace TypedTasks.Cli.Connection;

/// <summary>
/// Where the broker is: one option per known broker (<c>--redis</c>, ...) or <c>--config appsettings.json</c>, whose
/// <c>TypedTasks</c> section is read as the app reads it (<c>TypedTasks:Redis</c>, <c>TypedTasks:KeyPrefix</c>).
/// </summary>
internal sealed class ConnectionOptions
{
    private readonly List<(BrokerConnector Connector, Option<string> Option)> _brokers;

    public ConnectionOptions(IReadOnlyList<BrokerConnector> connectors)
    {
        _brokers = connectors.Select(c => (c, new Option<string>(c.OptionName) { Description = c.OptionDescription, Recursive = true })).ToList();
        KeyPrefix = new Option<string>("--key-prefix")
        {
            Description = "The prefix of the broker's keys on Redis, or its schema on PostgreSQL, when the app sets one (with --config, the file's settings are read instead)",
            Recursive = true,
        };
        Config = new Option<FileInfo>("--config")
        {
            Description = "An appsettings.json whose TypedTasks section names the broker, as the app reads it",
            Recursive = true,
        };
    }

    public Option<FileInfo> Config { get; }

    public Option<string> KeyPrefix { get; }

    public IEnumerable<Option> All => _brokers.Select(b => (Option)b.Option).Append(KeyPrefix).Append(Config);

    /// <summary>Connects to the broker the command line names.</summary>
    /// <exception cref="CliException">No broker or two are named, the configuration is wrong, or the broker is unreachable.</exception>
    public BrokerSession Open(ParseResult parse)
    {
        var given = _brokers.Where(b => parse.GetValue(b.Option) is not null).ToList();
        var config = parse.GetValue(Config);
        if (given.Count + (config is null ? 0 : 1) > 1)
            throw CliException.Usage($"Name one broker: {string.Join(", ", given.Select(b => b.Connector.OptionName).Concat(config is null ? [] : ["--config"]))} were given.");
        if (given.Count == 0 && config is null)
            throw CliException.Usage($"No broker: give {string.Join(" or ", _brokers.Select(b => b.Connector.OptionName + " <connection>"))} or --config appsettings.json.");

        var options = new TypedTasksOptions();
        BrokerConnector connector;
        if (given.Count == 1)
        {
            connector = given[0].Connector;
            Wire(() => connector.Use(options, parse.GetValue(given[0].Option)!, parse.GetValue(KeyPrefix)), connector.OptionName);
        }
        else
        {
            if (parse.GetValue(KeyPrefix) is not null)
                throw CliException.Usage("--key-prefix goes with a connection option; with --config, set TypedTasks:KeyPrefix in the file.");
            connector = FromConfiguration(options, config!);
        }
        try
        {
            return new BrokerSession(options.BrokerFactory!(NoServices.Instance), connector);
        }
        catch (Exception e) when (connector.IsUnreachable(e))
        {
            throw CliException.Unreachable(e.Message, e);
        }
    }

    private BrokerConnector FromConfiguration(TypedTasksOptions options, FileInfo file)
    {
        if (!file.Exists)
            throw CliException.Usage($"--config: {file.FullName} does not exist.");
        IConfigurationSection section;
        try
        {
            section = new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false).Build().GetSection(TypedTasksSettings.SectionName);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw CliException.Usage($"--config: {file.FullName} is not valid JSON: {e.Message}", e);
        }
        foreach (var (connector, _) in _brokers)
            connector.UseFromConfiguration(options);
        Wire(() => options.ApplyConfiguration(name => section[name], TypedTasksSettings.BrokerKeys), "--config");
        if (options.BrokerFactory is null)
            throw CliException.Usage($"--config: {file.FullName} names no broker in its {TypedTasksSettings.SectionName} section " +
                $"(set {string.Join(" or ", TypedTasksSettings.BrokerKeys.Keys.Select(k => TypedTasksSettings.SectionName + ":" + k))}).");
        // ApplyConfiguration accepted exactly one broker key, so exactly one connector matches.
        return _brokers.Select(b => b.Connector).Single(c => !string.IsNullOrWhiteSpace(section[c.ConfigurationKey]));
    }

    private static void Wire(Action wire, string source)
    {
        try
        {
            wire();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw CliException.Usage($"{source}: {e.Message}", e);
        }
    }

    /// <summary>The services a broker factory gets: none, so brokers use their defaults (the system clock).</summary>
    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
