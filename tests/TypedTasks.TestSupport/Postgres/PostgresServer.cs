using System.Diagnostics;
using System.Runtime.InteropServices;
using TypedTasks.TestSupport.Servers;

namespace TypedTasks.TestSupport.Postgres;

/// <summary>
/// A PostgreSQL cluster of the test's own: <c>initdb</c> in a fresh temp directory and <c>pg_ctl</c> on a free loopback
/// port, run as the unprivileged <c>postgres</c> user when the test runs as root (PostgreSQL refuses root, and CI runs
/// as root), stopped by the postmaster's PID. It can be restarted with <c>pg_ctl restart -m immediate</c> (a crash:
/// no checkpoint, WAL replay on start) for durability tests.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private readonly string _binaries;
    private readonly bool _asServiceUser;
    private int? _postmasterPid;

    private PostgresServer(string binaries, string directory, int port, bool asServiceUser)
    {
        _binaries = binaries;
        Directory = directory;
        Port = port;
        _asServiceUser = asServiceUser;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The temp directory holding the data directory, the socket and the log.</summary>
    public string Directory { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    private string LogFile => Path.Combine(Directory, "postgres.log");

    /// <summary>An Npgsql connection string for the <c>postgres</c> database (trust authentication).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>The postmaster's PID.</summary>
    public int ProcessId => _postmasterPid ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Creates a cluster and starts it; fsync is off (a test cluster needs no protection from an OS crash, only from a process crash, which committed WAL in the page cache survives).</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        string binaries = FindBinaries();
        bool asServiceUser = geteuid() == 0;
        string directory = ServerProcesses.CreateTempDirectory("tt-pg-");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "sock"));
        var server = new PostgresServer(binaries, directory, ServerProcesses.FreePort(), asServiceUser);
        try
        {
            if (asServiceUser)
            {
                await RunAsync("chmod", ["755", directory], directory, asServiceUser: false);
                await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], directory, asServiceUser: false);
            }
            await server.PgAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            await server.PgCtlAsync(["start", "-w", "-t", "60"]);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Crashes the server and starts it again on the same port and data (<c>pg_ctl restart -m immediate</c>): every
    /// connection is cut, nothing is checkpointed, and committed transactions come back through WAL replay.
    /// </summary>
    public async Task RestartImmediateAsync()
    {
        await PgCtlAsync(["restart", "-m", "immediate", "-w", "-t", "60"]);
    }

    private string ServerOptions =>
        $"-p {Port} -k {Path.Combine(Directory, "sock")} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300";

    private async Task PgCtlAsync(IReadOnlyList<string> command)
    {
        await PgAsync("pg_ctl", [.. command, "-D", DataDirectory, "-l", LogFile, "-o", ServerOptions]);
        _postmasterPid = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First());
    }

    private Task PgAsync(string program, IReadOnlyList<string> args) =>
        RunAsync(Path.Combine(_binaries, program), args, Directory, _asServiceUser, LogFile);

    /// <summary>Runs a command (through <c>runuser</c> as the service user when asked) from <paramref name="directory"/>, which the service user can enter.</summary>
    private static async Task RunAsync(string program, IReadOnlyList<string> args, string directory, bool asServiceUser, string? log = null)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        if (asServiceUser)
        {
            foreach (string arg in new[] { "-u", ServiceUser, "--", program })
                start.ArgumentList.Add(arg);
        }
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        // pg_ctl start leaves the postmaster holding inherited pipes; read to the end only what the command itself wrote.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            string logText = log is not null && File.Exists(log) ? File.ReadAllText(log) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}\n{logText}");
        }
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = System.IO.Directory.Exists(root)
            ? System.IO.Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            $"No PostgreSQL server under {root}: install it with 'apt-get install -y postgresql-15' (eng/test.sh does).");
    }

    /// <summary>Stops the postmaster by PID (SIGQUIT: immediate shutdown, the cluster is thrown away) and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_postmasterPid is { } pid)
        {
            _postmasterPid = null;
            const int SigQuit = 3, SigKill = 9;
            kill(pid, SigQuit);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (kill(pid, 0) == 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    kill(pid, SigKill);
                    break;
                }
                await Task.Delay(20);
            }
        }
        ServerProcesses.DeleteDirectory(Directory);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc")]
    private static extern uint geteuid();
}
