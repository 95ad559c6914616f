using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using TypedTasks.TestSupport.Reliability;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Redis;

/// <summary>
/// A redis-server of the test's own: started from the system's binary on a free loopback port with a fresh temp
/// directory, stopped by PID. It can be killed and restarted on the same port and directory (AOF tests), and
/// started with a password, ACL users or TLS.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly RedisServerOptions _options;
    private RedisProcess? _process;

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
    public int ProcessId => _process?.ProcessId ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>The TLS certificate the server presents (when started with TLS).</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>A TypedTasks connection string for the server (with the password, and ssl when TLS is on).</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port}" + (_options.Password is { } password ? $",password={password}" : "") + (_options.Tls ? ",ssl=true,sslHost=localhost" : "");

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null)
    {
        var directory = ServerProcesses.CreateTempDirectory("tt-redis-");
        var server = new RedisServer(options ?? new RedisServerOptions(), RedisProcess.FreePorts(1)[0], directory);
        if (server._options.Tls)
            server.WriteCertificate();
        await server.LaunchAsync();
        return server;
    }

    /// <summary>Kills the process (SIGKILL: no save, no goodbye) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
            await process.KillAsync();
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
        var args = new List<string> { "--save", "" };
        if (_options.Tls)
        {
            args.AddRange(["--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", Path.Combine(Directory, "server.crt"),
                "--tls-key-file", Path.Combine(Directory, "server.key"), "--tls-auth-clients", "no"]);
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

        var process = await RedisProcess.StartAsync(Port, Directory, args);
        _process = process;
        // With an AOF, the port opens before the data is loaded; the log says when it is ready.
        await Conditions.WaitAsync(() => process.ProcessId is null
                ? throw new InvalidOperationException($"redis-server exited while loading: {process.ReadLog()}")
                : process.ReadLog().Contains("Ready to accept connections", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), () => $"redis-server on port {Port} to load its data: {process.ReadLog()}", TimeSpan.FromMilliseconds(20));
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

    /// <summary>Kills the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        ServerProcesses.DeleteDirectory(Directory);
        Certificate?.Dispose();
    }
}
