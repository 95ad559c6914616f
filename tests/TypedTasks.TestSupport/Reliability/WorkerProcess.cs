using System.Collections.Concurrent;
using System.Diagnostics;

namespace TypedTasks.TestSupport.Reliability;

/// <summary>A reliability worker running as its own process (<c>dotnet worker.dll args…</c>), which tests kill for real; its log lines are kept.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
    }

    /// <summary>The process id, which the worker's id contains (<c>machine:pid:suffix</c>).</summary>
    public int ProcessId { get; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the worker logged so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the worker assembly <paramref name="assembly"/> under <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static WorkerProcess Start(string assembly, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (string arg in arguments)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) worker._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) worker._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
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

    /// <summary>Kills the process.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
