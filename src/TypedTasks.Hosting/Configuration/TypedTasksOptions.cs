using TypedTasks.Brokers;
using TypedTasks.Redis;

namespace TypedTasks.Hosting;

/// <summary>Where jobs are stored and which tasks exist; configure it in <c>AddTypedTasks(o =&gt; ...)</c>.</summary>
public sealed class TypedTasksOptions
{
    internal Func<IServiceProvider, IBroker>? BrokerFactory { get; private set; }

    internal string BrokerDescription { get; private set; } = "none";

    /// <summary>The tasks workers can run; <see cref="TaskRegistry.Default"/> (every generated task) when <see langword="null"/>.</summary>
    public TaskRegistry? Registry { get; set; }

    /// <summary>
    /// The largest task payload (the task's encoded members) the client enqueues; a larger one is refused with an
    /// <see cref="ArgumentException"/> that names the task. <see cref="BrokerTaskClient.DefaultMaxPayloadBytes"/> (1 MiB) by default.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = BrokerTaskClient.DefaultMaxPayloadBytes;

    /// <summary>Keeps jobs in this process's memory (the default): for development, tests and single-process apps.</summary>
    /// <returns>These options, for chaining.</returns>
    public TypedTasksOptions UseInMemory(BrokerOptions? options = null)
    {
        BrokerFactory = sp => new InMemoryBroker(sp.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System, options);
        BrokerDescription = "in-memory";
        return this;
    }

    /// <summary>Keeps jobs in Redis at <paramref name="connectionString"/> (<c>host:port[,password=...][,ssl=true]</c> or a <c>redis://</c> URI).</summary>
    /// <returns>These options, for chaining.</returns>
    public TypedTasksOptions UseRedis(string connectionString, RedisBrokerOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("UseRedis needs a connection string such as \"localhost:6379\".", nameof(connectionString));
        BrokerFactory = _ => new RedisBroker(connectionString, options);
        BrokerDescription = "Redis";
        return this;
    }

    /// <summary>Uses a broker of your own.</summary>
    /// <returns>These options, for chaining.</returns>
    public TypedTasksOptions UseBroker(Func<IServiceProvider, IBroker> factory, string description = "custom")
    {
        BrokerFactory = factory ?? throw new ArgumentNullException(nameof(factory));
        BrokerDescription = description;
        return this;
    }
}
