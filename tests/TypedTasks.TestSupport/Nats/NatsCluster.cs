using System.Diagnostics;
using System.Text.Json;
using TypedTasks.TestSupport.Reliability;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Nats;

/// <summary>
/// A 3-node JetStream cluster on loopback (each node with its own client, route and monitoring port, server name and
/// store directory), ready once every node is healthy and agrees on a meta leader. Nodes can be SIGKILLed; after a
/// leader dies the survivors answer healthy for a moment before they notice, so failover waits ask for a new leader
/// (<see cref="WaitForStreamLeaderAsync"/>), never for the first healthy answer.
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Node[] _nodes;
    private readonly string _directory;

    private NatsCluster(string directory, Node[] nodes)
    {
        _directory = directory;
        _nodes = nodes;
    }

    /// <summary>The URLs of every node, comma-separated, as NATS clients take them.</summary>
    public string Url => string.Join(',', _nodes.Select(n => $"nats://127.0.0.1:{n.ClientPort}"));

    /// <summary>The server names, <c>n0</c> to <c>n2</c>.</summary>
    public IReadOnlyList<string> Names => _nodes.Select(n => n.Name).ToList();

    public static async Task<NatsCluster> StartAsync()
    {
        if (!File.Exists(NatsServer.Binary))
            throw new InvalidOperationException($"No {NatsServer.Binary}: install it with 'apt-get install -y nats-server' (eng/test.sh does).");
        string directory = ServerProcesses.CreateTempDirectory("tt-natsc-");
        var nodes = Enumerable.Range(0, 3)
            .Select(i => new Node($"n{i}", Path.Combine(directory, $"n{i}"), ServerProcesses.FreePort(), ServerProcesses.FreePort(), ServerProcesses.FreePort()))
            .ToArray();
        var cluster = new NatsCluster(directory, nodes);
        try
        {
            foreach (var node in nodes)
                cluster.Start(node);
            await Conditions.WaitAsync(() => cluster.ReadyAsync(nodes), TimeSpan.FromSeconds(60),
                () => $"the 3-node JetStream cluster to become healthy with a meta leader{cluster.Exited()}", TimeSpan.FromMilliseconds(100));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private void Start(Node node)
    {
        Directory.CreateDirectory(node.Directory);
        string routes = string.Join(',', _nodes.Where(n => n != node).Select(n => $"nats://127.0.0.1:{n.RoutePort}"));
        string[] arguments =
        [
            "-js", "-a", "127.0.0.1", "-p", node.ClientPort.ToString(), "-m", node.MonitorPort.ToString(), "--server_name", node.Name,
            "--cluster_name", "tt", "--cluster", $"nats://127.0.0.1:{node.RoutePort}", "--routes", routes,
            "-sd", node.Directory, "-l", Path.Combine(node.Directory, "nats.log"),
        ];
        node.Process = ServerProcesses.Start(NatsServer.Binary, arguments);
    }

    private async Task<bool> ReadyAsync(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            if (!await NatsServer.IsHealthyAsync(node.MonitorPort) || await MetaLeaderAsync(node) is null)
                return false;
        }
        return true;
    }

    /// <summary>SIGKILLs the node named <paramref name="name"/>.</summary>
    public Task KillAsync(string name) => KillAsync(_nodes.Single(n => n.Name == name));

    private static async Task KillAsync(Node node)
    {
        if (node.Process is { } process)
        {
            node.Process = null;
            await ServerProcesses.KillAsync(process);
        }
    }

    /// <summary>The leader of <paramref name="stream"/> as a running node reports it; <see langword="null"/> when none knows one.</summary>
    public async Task<string?> StreamLeaderAsync(string stream)
    {
        foreach (var node in _nodes.Where(n => n.Process is not null))
        {
            try
            {
                using var doc = JsonDocument.Parse(await s_http.GetStringAsync($"http://127.0.0.1:{node.MonitorPort}/jsz?accounts=true&streams=true"));
                if (!doc.RootElement.TryGetProperty("account_details", out var accounts))
                    continue;
                foreach (var account in accounts.EnumerateArray())
                {
                    if (!account.TryGetProperty("stream_detail", out var streams))
                        continue;
                    foreach (var s in streams.EnumerateArray())
                    {
                        if (s.GetProperty("name").GetString() == stream && s.TryGetProperty("cluster", out var cluster)
                            && cluster.TryGetProperty("leader", out var leader) && leader.GetString() is { Length: > 0 } name)
                            return name;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                // A node going down: ask the next.
            }
        }
        return null;
    }

    /// <summary>
    /// Waits until the running nodes are healthy, agree on a meta leader, and report a leader of <paramref name="stream"/>
    /// other than <paramref name="dead"/>: a new leader, not the first healthy answer after the old one died.
    /// </summary>
    public async Task<string> WaitForStreamLeaderAsync(string stream, string? dead, TimeSpan timeout)
    {
        string? leader = null;
        await Conditions.WaitAsync(async () =>
            {
                leader = await ReadyAsync(_nodes.Where(n => n.Process is not null).ToList()) ? await StreamLeaderAsync(stream) : null;
                return leader is not null && leader != dead;
            },
            timeout, () => $"a new leader of {stream} (the dead one was {dead}; the last answer was {leader ?? "none"}){Exited()}",
            TimeSpan.FromMilliseconds(100));
        return leader!;
    }

    /// <summary>For a failure message: the nodes that should run but whose process has exited, with their exit codes.</summary>
    private string Exited()
    {
        var exited = _nodes.Where(n => n.Process is { HasExited: true }).Select(n => $"{n.Name} (exit code {n.Process!.ExitCode})").ToList();
        return exited.Count == 0 ? "" : "; exited: " + string.Join(", ", exited);
    }

    private static async Task<string?> MetaLeaderAsync(Node node)
    {
        try
        {
            using var doc = JsonDocument.Parse(await s_http.GetStringAsync($"http://127.0.0.1:{node.MonitorPort}/jsz"));
            return doc.RootElement.TryGetProperty("meta_cluster", out var meta) && meta.TryGetProperty("leader", out var leader)
                && leader.GetString() is { Length: > 0 } name ? name : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Stops every running node by PID and deletes the store directories.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await KillAsync(node);
        ServerProcesses.DeleteDirectory(_directory);
    }

    private sealed class Node(string name, string directory, int clientPort, int routePort, int monitorPort)
    {
        public string Name { get; } = name;
        public string Directory { get; } = directory;
        public int ClientPort { get; } = clientPort;
        public int RoutePort { get; } = routePort;
        public int MonitorPort { get; } = monitorPort;
        public Process? Process { get; set; }
    }
}
