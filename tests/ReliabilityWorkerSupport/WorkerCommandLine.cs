using System.Globalization;

namespace TypedTasks.ReliabilityWorkerSupport;

/// <summary>A reliability worker's command line: <c>--name value</c> options, as the tests that start it pass them.</summary>
internal sealed class WorkerCommandLine(string[] args)
{
    /// <summary>The value after <paramref name="name"/>, or <see langword="null"/> when it is not given.</summary>
    public string? Option(string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The value after <paramref name="name"/>, which the worker cannot run without.</summary>
    public string Required(string name) => Option(name) ?? throw new ArgumentException($"{name} is required");

    /// <summary>The number after <paramref name="name"/>, or <paramref name="fallback"/> when it is not given.</summary>
    public int Number(string name, int fallback) => OptionalNumber(name) ?? fallback;

    /// <summary>The number after <paramref name="name"/>, or <see langword="null"/> when it is not given.</summary>
    public int? OptionalNumber(string name) =>
        Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
