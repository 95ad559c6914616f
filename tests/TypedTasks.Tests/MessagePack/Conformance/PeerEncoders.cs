using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace TypedTasks.Tests.MessagePack.Conformance;

/// <summary>
/// Runs the peer encoders of tests/conformance once per test run each: python3-msgpack's <c>packb</c> and
/// <c>@msgpack/msgpack</c>'s <c>encode</c> (node). All values go to one process as JSON; the hex encodings come back one
/// per line.
/// </summary>
internal static class PeerEncoders
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static string ConformanceDirectory { get; } = FindConformanceDirectory();

    public static IReadOnlyList<byte[]> PythonPackb(IReadOnlyList<MpValue> values) =>
        Run("/usr/bin/python3", "packb.py", values,
            "python3-msgpack is needed (apt-get install -y python3-msgpack)");

    public static IReadOnlyList<byte[]> NodeEncode(IReadOnlyList<MpValue> values)
    {
        string package = Path.Combine(ConformanceDirectory, "node_modules", "@msgpack", "msgpack", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException(
                $"@msgpack/msgpack is not installed: run `npm ci` in {ConformanceDirectory} (eng/test.sh does it when node_modules is missing).");
        }
        return Run("node", "encode.mjs", values, "node (Node.js 18 or later) is needed on PATH");
    }

    private static List<byte[]> Run(string program, string script, IReadOnlyList<MpValue> values, string hint)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = ConformanceDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start. {hint}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started: {e.Message}. {hint}.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using (var input = process.StandardInput.BaseStream)
            using (var json = new Utf8JsonWriter(input))
            {
                json.WriteStartArray();
                foreach (var value in values)
                    value.Describe(json);
                json.WriteEndArray();
            }
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {script} did not finish within {Limit.TotalSeconds} s.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{program} {script} failed ({process.ExitCode}). {hint}.\n{error.Result}");
            var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != values.Count)
                throw new InvalidOperationException($"{program} {script} returned {lines.Length} encodings for {values.Count} values.\n{error.Result}");
            return lines.Select(Convert.FromHexString).ToList();
        }
    }

    // CallerFilePath is the source path in a normal build; CI builds map it to /_/, so walk up from the working and
    // base directories as well.
    private static string FindConformanceDirectory([CallerFilePath] string source = "")
    {
        string? project = typeof(PeerEncoders).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        var starts = new[] { project, Path.GetDirectoryName(source), Environment.CurrentDirectory, AppContext.BaseDirectory };
        foreach (var start in starts)
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "conformance");
                if (File.Exists(Path.Combine(candidate, "packb.py")))
                    return candidate;
            }
        }
        throw new InvalidOperationException(
            "tests/conformance (packb.py, encode.mjs) was not found above " + string.Join(" or ", starts) + ".");
    }
}
