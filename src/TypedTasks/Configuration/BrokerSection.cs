namespace TypedTasks;

/// <summary>
/// What the <c>TypedTasks</c> configuration section says to a broker it chose (see
/// <see cref="TypedTasksOptions.UseBrokerFromConfiguration"/>), without tying the broker package to a configuration
/// library.
/// </summary>
public sealed class BrokerSection
{
    private readonly Func<string, string?> _setting;

    /// <summary>Wraps the value of the broker's key and a reader of the section's other settings.</summary>
    public BrokerSection(string value, Func<string, string?> setting)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
        _setting = setting ?? throw new ArgumentNullException(nameof(setting));
    }

    /// <summary>The value of the broker's key, e.g. the connection string of <c>TypedTasks:Redis</c>.</summary>
    public string Value { get; }

    /// <summary>Another setting of the section (e.g. <c>KeyPrefix</c>), or <see langword="null"/> when it is not set.</summary>
    public string? this[string name] => _setting(name);
}
