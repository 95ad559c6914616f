using Microsoft.Extensions.Configuration;
using TypedTasks;
using TypedTasks.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers TypedTasks in a service collection.</summary>
public static class TypedTasksServiceCollectionExtensions
{
    /// <summary>
    /// Registers the broker, the task registry and <see cref="TypedTasks.ITaskClient"/> (also set as
    /// <see cref="TypedTasks.TaskClient.Default"/> when the host starts, for the parameterless <c>PerformAsync()</c>).
    /// Add workers with <see cref="TypedTasksBuilder.AddWorker"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Chooses the broker (<c>o.UseInMemory()</c>, the default, or a broker package's <c>UseX</c>,
    /// such as <c>o.UseRedis(...)</c> from TypedTasks.Redis).</param>
    public static TypedTasksBuilder AddTypedTasks(this IServiceCollection services, Action<TypedTasksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TypedTasksOptions();
        configure?.Invoke(options);
        var builder = new TypedTasksBuilder(services, settings: null);
        builder.AddCoreServices(options);
        return builder;
    }

    /// <summary>
    /// Registers TypedTasks from the <c>TypedTasks</c> section of <paramref name="configuration"/> (see
    /// <see cref="TypedTasksSettings"/>). <paramref name="configure"/> runs first: a broker it chooses wins; otherwise
    /// the section chooses among the brokers it wired (<c>o.UseRedisFromConfiguration()</c> lets
    /// <c>TypedTasks:Redis</c> choose Redis), and without a broker setting jobs stay in memory. A section that names
    /// a broker that was not wired fails here, saying the call to add. Workers added with
    /// <see cref="TypedTasksBuilder.AddWorker"/> serve <c>TypedTasks:Queues</c>.
    /// </summary>
    public static TypedTasksBuilder AddTypedTasks(this IServiceCollection services, IConfiguration configuration,
        Action<TypedTasksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TypedTasksSettings.SectionName);
        var settings = new TypedTasksSettings();
        section.Bind(settings);
        var options = new TypedTasksOptions();
        configure?.Invoke(options);
        options.ApplyConfiguration(name => section[name], TypedTasksSettings.BrokerKeys);
        var builder = new TypedTasksBuilder(services, settings);
        builder.AddCoreServices(options);
        return builder;
    }
}
