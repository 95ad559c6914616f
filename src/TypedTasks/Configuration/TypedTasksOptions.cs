using TypedTasks.Brokers;

namespace TypedTasks;

/// <summary>
/// Where jobs are stored and which tasks exist; configure it in <c>AddTypedTasks(o =&gt; ...)</c>. The in-memory
/// broker comes with it; each broker package adds its own <c>UseX</c> extension (<c>UseRedis</c> from
/// TypedTasks.Redis), so an app references only the broker it uses.
/// </summary>
public sealed class TypedTasksOptions
{
    private readonly Dictionary<string, Action<TypedTasksOptions, BrokerSection>> _configurable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes the broker; <see langword="null"/> until a <c>UseX</c> method chose one (then in memory).</summary>
    public Func<IServiceProvider, IBroker>? BrokerFactory { get; private set; }

    /// <summary>The chosen broker's name, for logs and health checks ("in-memory", "Redis", ...).</summary>
    public string BrokerDescription { get; private set; } = "none";

    /// <summary>The tasks workers can run; <see cref="TaskRegistry.Default"/> (every generated task) when <see langword="null"/>.</summary>
    public TaskRegistry? Registry { get; set; }

    /// <summary>
    /// The largest task payload (the task's encoded members) the client enqueues; a larger one is refused with an
    /// <see cref="ArgumentException"/> that names the task. <see cref="BrokerTaskClient.DefaultMaxPayloadBytes"/> (1 MiB) by default.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = BrokerTaskClient.DefaultMaxPayloadBytes;

    /// <summary>Keeps jobs in this process's memory (the default): for development, tests and single-process apps.</summary>
    /// <returns>These options, for chaining.</returns>
    public TypedTasksOptions UseInMemory(BrokerOptions? options = null) =>
        UseBroker(sp => new InMemoryBroker(sp.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System, options), "in-memory");

    /// <summary>Uses a broker of your own, or the one a broker package's <c>UseX</c> extension makes.</summary>
    /// <returns>These options, for chaining.</returns>
    public TypedTasksOptions UseBroker(Func<IServiceProvider, IBroker> factory, string description = "custom")
    {
        BrokerFactory = factory ?? throw new ArgumentNullException(nameof(factory));
        BrokerDescription = description;
        return this;
    }

    /// <summary>
    /// Lets the <c>TypedTasks</c> configuration section choose a broker: when the section sets <paramref name="key"/>
    /// (e.g. <c>TypedTasks:Redis</c>) and no <c>UseX</c> call chose a broker, <c>AddTypedTasks(configuration, ...)</c>
    /// calls <paramref name="use"/> with the section. Broker packages call it from their own extension
    /// (<c>o.UseRedisFromConfiguration()</c>); an app seldom does.
    /// </summary>
    /// <returns>These options, for chaining.</returns>
    public TypedTasksOptions UseBrokerFromConfiguration(string key, Action<TypedTasksOptions, BrokerSection> use)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _configurable[key] = use ?? throw new ArgumentNullException(nameof(use));
        return this;
    }

    /// <summary>
    /// Applies the configuration section when no <c>UseX</c> call chose a broker: the broker whose key the section
    /// sets, if its package was wired with <see cref="UseBrokerFromConfiguration"/>. A section that sets the key of a
    /// broker that was not wired (one of <paramref name="brokerKeys"/>) fails with the call that fixes it.
    /// </summary>
    /// <param name="setting">Reads a setting of the section by name.</param>
    /// <param name="brokerKeys">The settings that name a broker, with the package and the call that wires each.</param>
    /// <exception cref="InvalidOperationException">The section names a broker that is not wired, or two brokers.</exception>
    public void ApplyConfiguration(Func<string, string?> setting, IReadOnlyDictionary<string, string> brokerKeys)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(brokerKeys);
        if (BrokerFactory is not null)
            return;
        var named = brokerKeys.Keys.Concat(_configurable.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(key => !string.IsNullOrWhiteSpace(setting(key))).ToList();
        if (named.Count > 1)
            throw new InvalidOperationException($"The TypedTasks configuration section sets {string.Join(" and ", named.Select(k => "TypedTasks:" + k))}; set only the broker to use.");
        if (named.Count == 0)
            return;
        string chosen = named[0];
        if (!_configurable.TryGetValue(chosen, out var use))
        {
            string fix = brokerKeys.TryGetValue(chosen, out var wiring) ? wiring : $"wire the broker that reads TypedTasks:{chosen}";
            throw new InvalidOperationException($"TypedTasks:{chosen} is set, but that broker is not wired into AddTypedTasks: {fix}.");
        }
        use(this, new BrokerSection(setting(chosen)!, setting));
    }
}
