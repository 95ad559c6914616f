using System.Diagnostics;
using TypedTasks.TestSupport.Reliability;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Nats;

/// <summary>
/// A <c>nats-server -js</c> of the test's own on free loopback ports, storing in a fresh temp directory, ready once its
/// monitoring endpoint's <c>/healthz?js-enabled-only=true</c> says ok, stopped by PID. It can be killed (SIGKILL) and
/// started again on the same ports and store, for durability tests.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    /// <summary>Where Debian installs the server (not on a non-root PATH).</summary>
    public const string Binary = "/usr/sbin/nats-server";

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _name;
    private Process? _process;

    private NatsServer(string name, string directory, int port, int monitorPort)
    {
        _name = name;
        Directory = directory;
        Port = port;
        MonitorPort = monitorPort;
    }

    /// <summary>The client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The HTTP monitoring port (<c>/healthz</c>, <c>/jsz</c>).</summary>
    public int MonitorPort { get; }

    /// <summary>The temp directory holding the JetStream store and the log.</summary>
    public string Directory { get; }

    /// <summary>The URL clients connect to.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>The server's PID.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Starts a single JetStream node with file storage.</summary>
    public static async Task<NatsServer> StartAsync()
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"No {Binary}: install it with 'apt-get install -y nats-server' (eng/test.sh does).");
        string directory = ServerProcesses.CreateTempDirectory("tt-nats-");
        var server = new NatsServer("tt-" + Guid.NewGuid().ToString("N")[..8], directory, ServerProcesses.FreePort(), ServerProcesses.FreePort());
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server with SIGKILL (no shutdown, no flush beyond what it already wrote) and waits for it to go.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await ServerProcesses.KillAsync(process);
        }
    }

    /// <summary>Starts the server again on the same ports and store directory, after <see cref="KillAsync"/>.</summary>
    public Task RestartAsync() => StartProcessAsync();

    private async Task StartProcessAsync()
    {
        string[] arguments =
        [
            "-js", "-a", "127.0.0.1", "-p", Port.ToString(), "-m", MonitorPort.ToString(), "-sd", Directory,
            "--server_name", _name, "-l", Path.Combine(Directory, "nats.log"),
        ];
        var process = _process = ServerProcesses.Start(Binary, arguments);
        await Conditions.WaitAsync(
            async () => process.HasExited
                ? throw new InvalidOperationException($"nats-server on port {Port} exited with code {process.ExitCode}: {ReadLog()}")
                : await IsHealthyAsync(),
            TimeSpan.FromSeconds(30), () => $"nats-server on port {Port} to become healthy: {ReadLog()}", TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Whether <c>/healthz?js-enabled-only=true</c> answers ok.</summary>
    public Task<bool> IsHealthyAsync() => IsHealthyAsync(MonitorPort);

    /// <summary>Whether the node monitored on <paramref name="monitorPort"/> answers ok on <c>/healthz?js-enabled-only=true</c>.</summary>
    internal static async Task<bool> IsHealthyAsync(int monitorPort)
    {
        try
        {
            string body = await s_http.GetStringAsync($"http://127.0.0.1:{monitorPort}/healthz?js-enabled-only=true");
            return body.Replace(" ", "", StringComparison.Ordinal).Contains("\"status\":\"ok\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private string ReadLog()
    {
        string log = Path.Combine(Directory, "nats.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
    }

    /// <summary>Stops the server by PID (SIGTERM, then SIGKILL after 10 s) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        ServerProcesses.DeleteDirectory(Directory);
    }
}
