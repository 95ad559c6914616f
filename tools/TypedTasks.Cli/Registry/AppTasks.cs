using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace TypedTasks.Cli.Registry;

/// <summary>
/// The tasks of the app named by <c>--assembly app.dll</c>. The generated module initializer of the app's assembly
/// adds its registry, and those of the task libraries it references, to <see cref="TaskRegistry.Default"/> as it does
/// in the app; the tool runs that initializer and reads the registry. The only reflection is there and in finding
/// each registered task's type by the full name its descriptor gives, to bind the generic codec once per task.
/// </summary>
/// <remarks>
/// The app's assembly is loaded into the default load context, so it shares the tool's TypedTasks and MessagePack
/// (the generated code's contract with them must match: use the tool of the TypedTasks version the app builds
/// against). Its other dependencies are resolved from its own deps.json and folder, as its host would.
/// </remarks>
internal sealed class AppTasks
{
    private readonly string _path;
    private readonly TaskRegistry _registry;
    private readonly Dictionary<string, ITaskCodec> _codecs = new(StringComparer.Ordinal);

    private AppTasks(string path, TaskRegistry registry)
    {
        _path = path;
        _registry = registry;
    }

    /// <exception cref="CliException">The file is missing, not a .NET assembly, or registers no task (exit code 2).</exception>
    public static AppTasks Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw CliException.Usage($"--assembly: {full} does not exist.");
        ResolveDependenciesBeside(full);
        Assembly assembly;
        try
        {
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
        catch (BadImageFormatException e)
        {
            throw CliException.Usage($"--assembly: {full} is not a .NET assembly.", e);
        }
        var registry = TaskRegistry.Default;
        if (!registry.Tasks.Any())
            throw CliException.Usage($"--assembly: {full} registers no TypedTasks task; name the app's assembly (the one whose build ran the TypedTasks generator).");
        return new AppTasks(full, registry);
    }

    /// <summary>The wire names of the app's tasks, sorted.</summary>
    public IEnumerable<string> Names => _registry.Tasks.Select(t => t.Name).Order(StringComparer.Ordinal);

    /// <summary>The codec of the task with wire name (or full or short type name) <paramref name="name"/>, or <see langword="null"/>.</summary>
    public ITaskCodec? Find(string name)
    {
        if (_registry.TryGet(name, out var byWireName))
            return CodecOf(byWireName);
        if (_registry.Tasks.FirstOrDefault(t => t.TypeName == name) is { } byFullName)
            return CodecOf(byFullName);
        var byShortName = _registry.Tasks.Where(t => ShortName(t.TypeName) == name).ToList();
        return byShortName.Count switch
        {
            0 => null,
            1 => CodecOf(byShortName[0]),
            _ => throw CliException.Usage($"'{name}' names {string.Join(" and ", byShortName.Select(t => t.TypeName))}; give the task's wire name."),
        };
    }

    /// <summary>The codec of <paramref name="name"/>.</summary>
    /// <exception cref="CliException">No task has that name (exit code 1).</exception>
    public ITaskCodec Get(string name) => Find(name) ?? throw CliException.NotFound(
        $"Unknown task '{name}': {Path.GetFileName(_path)} has {string.Join(", ", Names)}.");

    private ITaskCodec CodecOf(TaskDescriptor descriptor)
    {
        if (_codecs.TryGetValue(descriptor.Name, out var codec))
            return codec;
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(descriptor.TypeName)).FirstOrDefault(t => t is not null)
            ?? throw new InvalidOperationException($"The type {descriptor.TypeName} of task {descriptor.Name} is registered but cannot be found.");
        codec = (ITaskCodec)Activator.CreateInstance(typeof(GeneratedTaskCodec<>).MakeGenericType(type))!;
        _codecs.Add(descriptor.Name, codec);
        return codec;
    }

    private static string ShortName(string typeName) => typeName[(typeName.LastIndexOfAny(['.', '+']) + 1)..];

    private static void ResolveDependenciesBeside(string assemblyPath)
    {
        var resolver = new AssemblyDependencyResolver(assemblyPath);
        string folder = Path.GetDirectoryName(assemblyPath)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string? path = resolver.ResolveAssemblyToPath(name);
            if (path is null && name.Name is { } simple && File.Exists(Path.Combine(folder, simple + ".dll")))
                path = Path.Combine(folder, simple + ".dll");
            return path is null ? null : context.LoadFromAssemblyPath(path);
        };
    }
}
