using System.Diagnostics;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>
/// Counts the commands clients send to a redis-server, through <c>redis-cli MONITOR</c>. Unlike INFO commandstats it
/// tells a client's commands apart from the ones Lua scripts run inside the server (MONITOR tags those "lua").
/// </summary>
internal sealed class CommandMonitor : IAsyncDisposable
{
    private const string EndMarker = "tt-monitor-end";
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CommandMonitor(int port)
    {
        _process = Process.Start(new ProcessStartInfo("redis-cli", $"-h 127.0.0.1 -p {port} monitor")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-cli could not be started; install redis-tools.");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "OK") { _started.TrySetResult(); return; }
            if (e.Data.Contains(EndMarker, StringComparison.Ordinal)) { _ended.TrySetResult(); return; }
            lock (_lines) _lines.Add(e.Data);
        };
        _process.BeginOutputReadLine();
    }

    public static async Task<CommandMonitor> StartAsync(int port)
    {
        var monitor = new CommandMonitor(port);
        await monitor._started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return monitor;
    }

    /// <summary>Stops counting once the end marker (sent through <paramref name="echo"/>) comes through, and returns the client commands seen.</summary>
    public async Task<IReadOnlyList<string>> StopAsync(Func<string, Task> echo)
    {
        await echo(EndMarker);
        await _ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (_lines)
            return _lines.Where(l => !l.Contains(" lua]", StringComparison.Ordinal)).ToList();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
        return default;
    }
}
