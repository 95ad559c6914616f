using TypedTasks.TestSupport.Reliability;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Redis;

/// <summary>
/// A Redis Cluster of the test's own: 3 masters and 3 replicas (<c>--cluster-enabled yes</c>, then
/// <c>redis-cli --cluster create … --cluster-replicas 1</c>) on free loopback ports below 20000 (bus ports + 10000),
/// in a temp directory, stopped by PID. Start one per test class or collection: creating it takes about 2 s.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly List<RedisProcess> _nodes;
    private readonly string _directory;

    private RedisCluster(List<RedisProcess> nodes, string directory)
    {
        _nodes = nodes;
        _directory = directory;
    }

    /// <summary>The six nodes.</summary>
    public IReadOnlyList<RedisProcess> Nodes => _nodes;

    /// <summary>A StackExchange.Redis configuration naming every node (it discovers the topology from any of them).</summary>
    public string ConnectionString => string.Join(",", _nodes.Select(n => $"127.0.0.1:{n.Port}"));

    /// <summary>Starts 6 nodes, creates the cluster and waits until every node reports <c>cluster_state:ok</c>.</summary>
    public static async Task<RedisCluster> StartAsync()
    {
        string directory = ServerProcesses.CreateTempDirectory("tt-cluster-");
        var nodes = new List<RedisProcess>();
        var cluster = new RedisCluster(nodes, directory);
        try
        {
            foreach (int port in RedisProcess.FreePorts(6))
            {
                nodes.Add(await RedisProcess.StartAsync(port, Path.Combine(directory, port.ToString()),
                    ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                     "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""]));
            }
            await Cli.RunAsync(["--cluster", "create", .. nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "1", "--cluster-yes"]);
            await cluster.WaitUntilOkAsync(TimeSpan.FromSeconds(30));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until every running node reports <c>cluster_state:ok</c> and knows a replica of each master: the state is ok
    /// before gossip has told every node which node replicates which.
    /// </summary>
    public Task WaitUntilOkAsync(TimeSpan timeout) =>
        Conditions.WaitAsync(IsOkAsync, timeout, "cluster_state:ok and a replica of each master on every node", TimeSpan.FromMilliseconds(100));

    private async Task<bool> IsOkAsync()
    {
        bool ok = true;
        foreach (var node in _nodes.Where(n => n.ProcessId is not null))
        {
            string info = await node.CliAsync("CLUSTER", "INFO");
            var lines = (await node.CliAsync("CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
            var masters = lines.Where(f => f[2].Contains("master", StringComparison.Ordinal) && !f[2].Contains("fail", StringComparison.Ordinal) && f.Length > 8).ToList();
            ok &= info.Contains("cluster_state:ok", StringComparison.Ordinal)
                  && masters.Count == 3
                  && masters.All(m => lines.Any(f => f[3] == m[0] && f[2].Contains("slave", StringComparison.Ordinal)));
        }
        return ok;
    }

    /// <summary>The master serving <paramref name="slot"/> and one of its replicas, from <c>CLUSTER NODES</c>.</summary>
    public async Task<(RedisProcess Master, RedisProcess Replica)> OwnerOfSlotAsync(int slot)
    {
        var asker = _nodes.First(n => n.ProcessId is not null);
        var lines = (await asker.CliAsync("CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToList();
        foreach (var fields in lines.Where(f => f[2].Contains("master", StringComparison.Ordinal) && !f[2].Contains("fail", StringComparison.Ordinal)))
        {
            bool owns = fields.Skip(8).Where(r => !r.StartsWith('[')).Any(range =>
            {
                var bounds = range.Split('-');
                int low = int.Parse(bounds[0]), high = int.Parse(bounds[^1]);
                return slot >= low && slot <= high;
            });
            if (!owns)
                continue;
            var replica = lines.First(f => f[3] == fields[0] && f[2].Contains("slave", StringComparison.Ordinal));
            return (NodeAt(fields[1]), NodeAt(replica[1]));
        }
        throw new InvalidOperationException($"No master serves slot {slot}.");
    }

    private RedisProcess NodeAt(string address)
    {
        int port = int.Parse(address.Split('@')[0].Split(':')[1]);
        return _nodes.Single(n => n.Port == port);
    }

    /// <summary>Stops every node and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        ServerProcesses.DeleteDirectory(_directory);
    }
}
