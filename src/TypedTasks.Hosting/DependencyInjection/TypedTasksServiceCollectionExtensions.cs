using Microsoft.Extensions.Configuration;
using TypedTasks.Hosting;
using TypedTasks.Redis;

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
    /// <param name="configure">Chooses the broker (<c>o.UseRedis(...)</c> or <c>o.UseInMemory()</c>, the default).</param>
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
    /// <see cref="TypedTasksSettings"/>): Redis when <c>TypedTasks:Redis</c> is set, else in memory; then applies
    /// <paramref name="configure"/>. Workers added with <see cref="TypedTasksBuilder.AddWorker"/> serve
    /// <c>TypedTasks:Queues</c>.
    /// </summary>
    public static TypedTasksBuilder AddTypedTasks(this IServiceCollection services, IConfiguration configuration,
        Action<TypedTasksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new TypedTasksSettings();
        configuration.GetSection(TypedTasksSettings.SectionName).Bind(settings);
        var options = new TypedTasksOptions();
        if (!string.IsNullOrWhiteSpace(settings.Redis))
            options.UseRedis(settings.Redis, new RedisBrokerOptions { KeyPrefix = string.IsNullOrEmpty(settings.KeyPrefix) ? "tt" : settings.KeyPrefix });
        else
            options.UseInMemory();
        configure?.Invoke(options);
        var builder = new TypedTasksBuilder(services, settings);
        builder.AddCoreServices(options);
        return builder;
    }
}
