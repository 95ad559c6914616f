using System.Globalization;

namespace TypedTasks.BrokerBench;

/// <summary>A broker benchmark's command line: positional words (system, phase), then <c>--name value</c> options.</summary>
public sealed class BenchArguments(string[] args)
{
    /// <summary>Jobs timed (<c>--count</c>, default 10000).</summary>
    public int Count { get; } = Number(args, "--count", 10_000);

    /// <summary>Jobs run first, untimed (<c>--warmup</c>, default 0).</summary>
    public int Warmup { get; } = Number(args, "--warmup", 0);

    /// <summary>Worker slots for drain and scheduled (<c>--concurrency</c>, default 10).</summary>
    public int Concurrency { get; } = Number(args, "--concurrency", 10);

    /// <summary>How long after its enqueue a scheduled job is due (<c>--delay-ms</c>, default 2000).</summary>
    public int DelayMs { get; } = Number(args, "--delay-ms", 2000);

    /// <summary>The positional word at <paramref name="index"/>, or a usage error.</summary>
    public string Word(int index, string usage) => args.ElementAtOrDefault(index) ?? throw new ArgumentException("usage: " + usage);

    /// <summary>The value after <paramref name="name"/>, or <see langword="null"/> when it is not given.</summary>
    public string? Option(string name) => Option(args, name);

    /// <summary>The figures of a throughput phase of <see cref="Count"/> jobs timed from <paramref name="started"/> (a <see cref="Probe.Now"/>).</summary>
    public Dictionary<string, object> Figures(long started, params (string Key, object Value)[] extra)
    {
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var figures = new Dictionary<string, object> { ["jobs"] = Count, ["seconds"] = Math.Round(seconds, 3), ["jobs_per_s"] = Math.Round(Count / seconds), ["warmup"] = Warmup };
        foreach (var (key, value) in extra)
            figures[key] = value;
        return figures;
    }

    private static int Number(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
