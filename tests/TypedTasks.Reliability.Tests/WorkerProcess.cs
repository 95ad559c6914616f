using System.Diagnostics;

namespace TypedTasks.Reliability.Tests;

/// <summary>A reliability worker running as its own process, which tests kill for real.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, which the worker's id contains (<c>machine:pid:suffix</c>).</summary>
    public int ProcessId { get; private init; }

    public static WorkerProcess Start(string redis, string prefix, int concurrency = 8, int? prefetch = null, int maxStalls = 2)
    {
        string worker = typeof(TypedTasks.ReliabilityWorker.Record).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { worker, "--redis", redis, "--prefix", prefix, "--concurrency", concurrency.ToString(), "--max-stalls", maxStalls.ToString() })
            start.ArgumentList.Add(arg);
        if (prefetch is { } ahead)
        {
            start.ArgumentList.Add("--prefetch");
            start.ArgumentList.Add(ahead.ToString());
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process) { ProcessId = process.Id };
    }

    /// <summary>SIGKILL: no shutdown, no requeue, leases left to expire.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
