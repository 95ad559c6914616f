using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TypedTasks.TestSupport.Servers;

/// <summary>What every server fixture does alike: a free loopback port, a fresh temp directory, a server process started and its directory removed.</summary>
public static class ServerProcesses
{
    /// <summary>A loopback port the system has just handed out as free (for a fixture that needs no particular range).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Creates a fresh directory under the temp path, named <paramref name="prefix"/> and a random suffix.</summary>
    public static string CreateTempDirectory(string prefix)
    {
        string directory = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes a fixture's temp directory, best effort: a file still held or owned by another user stays behind in the temp path.</summary>
    public static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: it is a temp directory.
        }
    }

    /// <summary>
    /// Starts a long-running server process; its standard output and error are read and dropped, so a server that
    /// writes to them never blocks on a full pipe (each fixture's server logs to a file in its directory).
    /// </summary>
    public static Process Start(string binary, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// SIGKILLs a server process (no shutdown, no flush beyond what it already wrote) and waits until it is gone; a
    /// process that has already exited is only disposed.
    /// </summary>
    public static async Task KillAsync(Process process)
    {
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
}
