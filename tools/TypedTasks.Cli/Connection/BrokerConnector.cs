namespace TypedTasks.Cli.Connection;

/// <summary>
/// A broker the tool can talk to: the option that takes its connection string, the key of the <c>TypedTasks</c>
/// configuration section that names it, and its package's own wiring, so the tool makes the broker exactly as an app
/// does. A broker package that ships <c>UseX</c> and <c>UseXFromConfiguration</c> is added with one entry in
/// <see cref="KnownBrokers"/>.
/// </summary>
/// <param name="OptionName">The command-line option, e.g. <c>--redis</c>.</param>
/// <param name="OptionDescription">The option's help text.</param>
/// <param name="ConfigurationKey">The key of the <c>TypedTasks</c> section that chooses this broker, e.g. <c>Redis</c>.</param>
/// <param name="Use">Chooses the broker from a connection string given on the command line, with the key prefix of
/// <c>--key-prefix</c> when given (a broker without prefixes refuses one with an <see cref="ArgumentException"/>).</param>
/// <param name="UseFromConfiguration">Lets the configuration section choose the broker (the package's <c>UseXFromConfiguration</c>).</param>
/// <param name="IsUnreachable">Whether an exception means the broker cannot be reached (exit code 3).</param>
internal sealed record BrokerConnector(
    string OptionName,
    string OptionDescription,
    string ConfigurationKey,
    Action<TypedTasksOptions, string, string?> Use,
    Action<TypedTasksOptions> UseFromConfiguration,
    Func<Exception, bool> IsUnreachable);
