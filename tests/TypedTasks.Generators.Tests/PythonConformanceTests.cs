using System.Diagnostics;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>Generated serializers write exactly what python's msgpack.packb writes for the same dict.</summary>
public sealed class PythonConformanceTests
{
    private const string Source = """
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using TypedTasks;
namespace Py;
public enum Mode { Off, On = 200 }
public sealed record Line(string Sku, int Qty);
public partial record Scalars(int Small, int Big, long Negative, string Text, bool Flag, double Ratio) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record WithNulls(string? Missing, int? Nothing, int? Something) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record WithList(List<int> Numbers, string[] Words) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record WithNested(string Id, List<Line> Lines, Dictionary<string, int> Stock) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record WithEnumAndBytes(Mode Mode, byte[] Data, uint Max) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record WithTime(DateTime At) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
""";

    public static IEnumerable<object[]> Cases()
    {
        yield return ["Py.Scalars", new object[] { 5, 70000, -129L, "héllo", true, 0.25 },
            "{'Small': 5, 'Big': 70000, 'Negative': -129, 'Text': 'héllo', 'Flag': True, 'Ratio': 0.25}"];
        yield return ["Py.WithNulls", new object?[] { null, null, 3 }, "{'Missing': None, 'Nothing': None, 'Something': 3}"];
        yield return ["Py.WithList", new object[] { new List<int> { 1, 300, -5 }, new[] { "a", "" } }, "{'Numbers': [1, 300, -5], 'Words': ['a', '']}"];
        yield return ["Py.WithEnumAndBytes", new object[] { 200, new byte[] { 0, 255 }, uint.MaxValue },
            "{'Mode': 200, 'Data': b'\\x00\\xff', 'Max': 4294967295}"];
        yield return ["Py.WithTime", new object[] { new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc) },
            "{'At': msgpack.Timestamp(1795305600, 0)}"];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_bytes_equal_python_msgpack_packb(string typeName, object?[] args, string pythonDict)
    {
        var type = GeneratorHarness.Load("Py", Source).GetType(typeName)!;
        if (typeName == "Py.WithEnumAndBytes")
            args[0] = Enum.ToObject(type.Assembly.GetType("Py.Mode")!, args[0]!);
        var task = Activator.CreateInstance(type, args)!;

        Assert.Equal(Pack(pythonDict), Convert.ToHexString(GeneratedTasks.Write(task)));
    }

    [Fact]
    public void Nested_records_lists_and_maps_equal_python_msgpack_packb()
    {
        var assembly = GeneratorHarness.Load("Py", Source);
        var line = assembly.GetType("Py.Line")!;
        var lines = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(line))!;
        lines.Add(Activator.CreateInstance(line, "A-1", 2));
        var task = Activator.CreateInstance(assembly.GetType("Py.WithNested")!, "o1", lines, new Dictionary<string, int> { ["A-1"] = 10 })!;

        Assert.Equal(Pack("{'Id': 'o1', 'Lines': [{'Sku': 'A-1', 'Qty': 2}], 'Stock': {'A-1': 10}}"), Convert.ToHexString(GeneratedTasks.Write(task)));
    }

    internal static string Pack(string pythonExpression)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        python.StandardInput.Write($"import msgpack, sys\nsys.stdout.write(msgpack.packb({pythonExpression}).hex().upper())\n");
        python.StandardInput.Close();
        string output = python.StandardOutput.ReadToEnd();
        string error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, "python3-msgpack failed (apt-get install python3-msgpack): " + error);
        return output;
    }
}
