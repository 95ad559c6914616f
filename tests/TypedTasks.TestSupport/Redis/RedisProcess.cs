using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using TypedTasks.TestSupport.Reliability;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Redis;

/// <summary>
/// One redis-server (or sentinel) process of a multi-node fixture: started from the system's binary on a loopback port
/// in its own directory, stopped by PID.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private Process? _process;

    private RedisProcess(int port, string directory)
    {
        Port = port;
        Directory = directory;
    }

    /// <summary>The loopback port the process listens on.</summary>
    public int Port { get; }

    /// <summary>The process's working directory.</summary>
    public string Directory { get; }

    /// <summary>The PID, while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Starts <c>redis-server</c> with <paramref name="arguments"/> (its port, bind, dir and log are added) and waits until it answers.</summary>
    public static async Task<RedisProcess> StartAsync(int port, string directory, IReadOnlyList<string> arguments, string? configFile = null)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install it with 'apt-get install -y redis-server' (eng/test.sh does).");
        System.IO.Directory.CreateDirectory(directory);
        var node = new RedisProcess(port, directory);
        var all = new List<string>();
        if (configFile is not null)
            all.Add(configFile);
        all.AddRange(["--port", port.ToString(), "--bind", "127.0.0.1", "--protected-mode", "no", "--daemonize", "no",
            "--dir", directory, "--logfile", Path.Combine(directory, "redis.log"), .. arguments]);
        node._process = ServerProcesses.Start(Binary, all);
        await Conditions.WaitAsync(node.IsListeningAsync, TimeSpan.FromSeconds(15), () => $"redis-server on port {port} to listen: {node.ReadLog()}",
            TimeSpan.FromMilliseconds(20));
        return node;
    }

    /// <summary>Whether the port accepts a connection; throws when the process has exited, which no wait would change.</summary>
    private async Task<bool> IsListeningAsync()
    {
        if (_process!.HasExited)
            throw new InvalidOperationException($"redis-server on port {Port} exited with code {_process.ExitCode}: {ReadLog()}");
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The process's log so far.</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(Path.Combine(Directory, "redis.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
            return;
        _process = null;
        await ServerProcesses.KillAsync(process);
    }

    /// <summary>Runs <c>redis-cli</c> against this process and returns its output.</summary>
    public Task<string> CliAsync(params string[] arguments) => Cli.RunAsync(["-h", "127.0.0.1", "-p", Port.ToString(), .. arguments]);

    /// <summary>Kills the process.</summary>
    public ValueTask DisposeAsync() => new(KillAsync());

    /// <summary>
    /// <paramref name="count"/> free loopback ports between 12000 and 19999 whose port + 10000 (a cluster node's bus
    /// port) is free too: below the ephemeral range, so no outgoing connection takes one meanwhile.
    /// </summary>
    public static List<int> FreePorts(int count)
    {
        var ports = new List<int>();
        for (int tries = 0; ports.Count < count; tries++)
        {
            if (tries > 1000)
                throw new InvalidOperationException("No free ports between 12000 and 19999.");
            int port = Random.Shared.Next(12000, 20000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10000))
                ports.Add(port);
        }
        return ports;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>Runs <c>redis-cli</c> (package redis-tools, a dependency of redis-server).</summary>
public static class Cli
{
    /// <summary>Runs redis-cli with <paramref name="arguments"/>; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in arguments)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start; install redis-tools.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        return await output;
    }
}
