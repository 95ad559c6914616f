using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TypedTasks.TestSupport.Redis;

/// <summary>
/// A redis-server of the test's own: started from the system's binary on a free loopback port with a fresh temp
/// directory, stopped by PID. It can be killed and restarted on the same port and directory (AOF tests), and
/// started with a password, ACL users or TLS.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private readonly RedisServerOptions _options;
    private Process? _process;

    private RedisServer(RedisServerOptions options, int port, string directory)
    {
        _options = options;
        Port = port;
        Directory = directory;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's working directory (AOF, RDB, TLS files).</summary>
    public string Directory { get; }

    /// <summary>The PID of the running server process.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>The TLS certificate the server presents (when started with TLS).</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>A TypedTasks connection string for the server (with the password, and ssl when TLS is on).</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port}" + (_options.Password is { } password ? $",password={password}" : "") + (_options.Tls ? ",ssl=true,sslHost=localhost" : "");

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install it with 'apt-get install -y redis-server' (eng/test.sh does).");
        var directory = Path.Combine(Path.GetTempPath(), "tt-redis-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServer(options ?? new RedisServerOptions(), FreePort(), directory);
        if (server._options.Tls)
            server.WriteCertificate();
        await server.LaunchAsync();
        return server;
    }

    /// <summary>Kills the process (SIGKILL: no save, no goodbye) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
            return;
        _process = null;
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Kills the server and starts it again on the same port and directory, after <paramref name="downtime"/>.</summary>
    public async Task RestartAsync(TimeSpan? downtime = null)
    {
        await KillAsync();
        if (downtime is { } wait)
            await Task.Delay(wait);
        await LaunchAsync();
    }

    /// <summary>Starts the server again after <see cref="KillAsync"/>.</summary>
    public Task StartAgainAsync() => _process is null ? LaunchAsync() : Task.CompletedTask;

    private async Task LaunchAsync()
    {
        var args = new List<string>
        {
            "--bind", "127.0.0.1", "--dir", Directory, "--save", "", "--daemonize", "no", "--protected-mode", "no",
            "--logfile", Path.Combine(Directory, "redis.log"),
        };
        if (_options.Tls)
        {
            args.AddRange(["--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", Path.Combine(Directory, "server.crt"),
                "--tls-key-file", Path.Combine(Directory, "server.key"), "--tls-auth-clients", "no"]);
        }
        else
        {
            args.AddRange(["--port", Port.ToString()]);
        }
        if (_options.AclUsers.Count > 0)
        {
            // ACL users come from an ACL file, which then also defines the default user (and its password).
            string aclFile = Path.Combine(Directory, "users.acl");
            var lines = new List<string> { _options.Password is { } secret ? $"user default on >{secret} ~* &* +@all" : "user default on nopass ~* &* +@all" };
            lines.AddRange(_options.AclUsers.Select(user => "user " + user));
            File.WriteAllLines(aclFile, lines);
            args.AddRange(["--aclfile", aclFile]);
        }
        else if (_options.Password is { } password)
        {
            args.AddRange(["--requirepass", password]);
        }
        if (_options.AppendOnly)
            args.AddRange(["--appendonly", "yes", "--appendfsync", "always"]);
        args.AddRange(_options.ExtraArguments);

        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {ReadLog()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                if (IsLoaded())
                    return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"redis-server did not accept connections on port {Port} within 15 s: {ReadLog()}");
            await Task.Delay(20);
        }
    }

    private bool IsLoaded()
    {
        // With an AOF, the port opens before the data is loaded; the log says when it is ready.
        string log = ReadLog();
        return log.Contains("Ready to accept connections", StringComparison.Ordinal);
    }

    private string ReadLog()
    {
        try
        {
            using var stream = new FileStream(Path.Combine(Directory, "redis.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private void WriteCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(Directory, "server.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "server.key"), key.ExportPkcs8PrivateKeyPem());
        Certificate = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Kills the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temp directory.
        }
        Certificate?.Dispose();
    }
}
