using TypedTasks.TestSupport.Reliability;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Redis;

/// <summary>
/// A Sentinel-managed Redis of the test's own: a master, one replica and three sentinels (quorum 2, master down after
/// 1 s) on free loopback ports in a temp directory, stopped by PID. The broker connects through the sentinels with
/// <c>serviceName=</c><see cref="ServiceName"/>.
/// </summary>
public sealed class RedisSentinel : IAsyncDisposable
{
    /// <summary>The name the sentinels monitor the master under.</summary>
    public const string ServiceName = "ttmaster";

    private readonly string _directory;
    private readonly List<RedisProcess> _sentinels = [];

    private RedisSentinel(string directory) => _directory = directory;

    /// <summary>The master the sentinels started with.</summary>
    public RedisProcess Master { get; private set; } = null!;

    /// <summary>Its replica, which a failover promotes.</summary>
    public RedisProcess Replica { get; private set; } = null!;

    /// <summary>A StackExchange.Redis configuration that finds the master through the sentinels.</summary>
    public string ConnectionString => string.Join(",", _sentinels.Select(s => $"127.0.0.1:{s.Port}")) + $",serviceName={ServiceName}";

    /// <summary>Starts the five processes and waits until every sentinel knows the replica, the others and a quorum.</summary>
    public static async Task<RedisSentinel> StartAsync()
    {
        var fixture = new RedisSentinel(ServerProcesses.CreateTempDirectory("tt-sentinel-"));
        try
        {
            var ports = RedisProcess.FreePorts(5);
            string[] data = ["--save", "", "--appendonly", "no"];
            fixture.Master = await RedisProcess.StartAsync(ports[0], Path.Combine(fixture._directory, "master"), data);
            fixture.Replica = await RedisProcess.StartAsync(ports[1], Path.Combine(fixture._directory, "replica"),
                [.. data, "--replicaof", "127.0.0.1", ports[0].ToString()]);
            await WaitAsync(async () => (await fixture.Replica.CliAsync("INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal),
                "the replica to sync");
            foreach (int port in ports.Skip(2))
            {
                string directory = Path.Combine(fixture._directory, "sentinel" + port);
                Directory.CreateDirectory(directory);
                // Sentinel rewrites its configuration file, so each has its own, writable.
                string config = Path.Combine(directory, "sentinel.conf");
                File.WriteAllLines(config,
                [
                    $"sentinel monitor {ServiceName} 127.0.0.1 {ports[0]} 2",
                    $"sentinel down-after-milliseconds {ServiceName} 1000",
                    $"sentinel failover-timeout {ServiceName} 5000",
                    $"sentinel parallel-syncs {ServiceName} 1",
                ]);
                fixture._sentinels.Add(await RedisProcess.StartAsync(port, directory, ["--sentinel"], config));
            }
            foreach (var sentinel in fixture._sentinels)
            {
                await WaitAsync(async () =>
                {
                    string master = await sentinel.CliAsync("SENTINEL", "MASTER", ServiceName);
                    return master.Contains("num-other-sentinels\n2\n", StringComparison.Ordinal) && master.Contains("num-slaves\n1\n", StringComparison.Ordinal);
                }, "the sentinels to find each other and the replica");
                await WaitAsync(async () => (await sentinel.CliAsync("SENTINEL", "CKQUORUM", ServiceName)).StartsWith("OK", StringComparison.Ordinal), "a quorum");
            }
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <summary>The master's port as the first sentinel reports it now.</summary>
    public async Task<int> CurrentMasterPortAsync()
    {
        string[] reply = (await _sentinels[0].CliAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(reply[1]);
    }

    private static Task WaitAsync(Func<Task<bool>> condition, string what) =>
        Conditions.WaitAsync(condition, TimeSpan.FromSeconds(30), what, TimeSpan.FromMilliseconds(100));

    /// <summary>Stops every process and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in _sentinels)
            await sentinel.DisposeAsync();
        if (Replica is not null)
            await Replica.DisposeAsync();
        if (Master is not null)
            await Master.DisposeAsync();
        ServerProcesses.DeleteDirectory(_directory);
    }
}
