using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTasks.Analyzers;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// Members typed by a user's <c>IMessagePackFormatter&lt;T&gt;</c> (named by <c>[MessagePackFormatter]</c> on the type, or
/// declared in the compilation) are written through that formatter, called directly; the analyzer (TT2001) and the
/// generator agree on which formatters can be used.
/// </summary>
public sealed class FormatterTests
{
    private const string Formatters = $$"""
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Formatters;
using TypedTasks;

namespace Fmt;

{{UserFormatters.Money}}

// No constructor TypedTasks could call, so only the declared formatter can write it.
public sealed class Sku
{
    private Sku(string code) => Code = code;
    public string Code { get; }
    public static Sku Parse(string code) => new(code);
}

public sealed class SkuFormatter : IMessagePackFormatter<Sku>
{
    public static readonly SkuFormatter Instance = new();
    public void Serialize(ref MessagePackWriter writer, Sku value, MessagePackSerializerOptions options) => writer.Write("sku:" + value.Code);
    public Sku Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Sku.Parse(reader.ReadString()!.Substring(4));
}

// TypedTasks' own encoding of int comes first: this formatter is not used.
public sealed class LoudIntFormatter : IMessagePackFormatter<int>
{
    public void Serialize(ref MessagePackWriter writer, int value, MessagePackSerializerOptions options) => writer.Write("int");
    public int Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => 0;
}

public partial record Refund(Money Amount, Sku Item, List<Money> Parts, Money? Fee, int Count) : IBacktask
{
    public static Refund Sample => new(new Money(1234, "EUR"), Sku.Parse("A-1"), new() { new Money(1, "EUR") }, null, 7);
    public Task<Money> RunAsync() => Task.FromResult(Amount);
}
""";

    private const string Refused = """
using System;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Formatters;
using TypedTasks;

namespace Bad;

[MessagePackFormatter(typeof(DepthFormatter))]
public sealed record UsesOptions(int Value);
public sealed class DepthFormatter : IMessagePackFormatter<UsesOptions>
{
    public void Serialize(ref MessagePackWriter writer, UsesOptions value, MessagePackSerializerOptions options) => writer.Write(value.Value);
    public UsesOptions Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        var value = new UsesOptions(reader.ReadInt32());
        reader.Depth--;
        return value;
    }
}

[MessagePackFormatter(typeof(ArgsFormatter), 3)]
public sealed record WithArguments(int Value);
public sealed class ArgsFormatter : IMessagePackFormatter<WithArguments>
{
    public ArgsFormatter(int scale) { }
    public void Serialize(ref MessagePackWriter writer, WithArguments value, MessagePackSerializerOptions options) => writer.Write(value.Value);
    public WithArguments Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadInt32());
}

public sealed class Twice { private Twice() { } }
public sealed class FirstFormatter : IMessagePackFormatter<Twice>
{
    public void Serialize(ref MessagePackWriter writer, Twice value, MessagePackSerializerOptions options) => writer.WriteNil();
    public Twice Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => throw new NotSupportedException();
}
public sealed class SecondFormatter : IMessagePackFormatter<Twice>
{
    public void Serialize(ref MessagePackWriter writer, Twice value, MessagePackSerializerOptions options) => writer.WriteNil();
    public Twice Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => throw new NotSupportedException();
}

public sealed class Hidden { private Hidden() { } }
public sealed class HiddenFormatter : IMessagePackFormatter<Hidden>
{
    private HiddenFormatter() { }
    public void Serialize(ref MessagePackWriter writer, Hidden value, MessagePackSerializerOptions options) => writer.WriteNil();
    public Hidden Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => throw new NotSupportedException();
}

public partial record A(UsesOptions Value) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record B(WithArguments Value) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record C(Twice Value) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
public partial record D(Hidden Value) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
""";

    [Fact]
    public void Formatter_members_round_trip_through_the_formatter_and_other_types_keep_their_own_encoding()
    {
        var type = GeneratorHarness.Load("Fmt", Formatters).GetType("Fmt.Refund")!;
        var sample = GeneratedTasks.Sample(type)!;

        byte[] bytes = GeneratedTasks.Write(sample);
        dynamic read = GeneratedTasks.Read(type, bytes);

        Assert.Equal(
            PythonConformanceTests.Pack("{'Amount': [1234, 'EUR'], 'Item': 'sku:A-1', 'Parts': [[1, 'EUR']], 'Fee': None, 'Count': 7}"),
            Convert.ToHexString(bytes));
        Assert.Equal("A-1", (string)read.Item.Code);
        Assert.Equal(sample.GetType().GetProperty("Amount")!.GetValue(sample), (object)read.Amount);
        Assert.Equal(7, (int)read.Count);
    }

    [Fact]
    public void A_malformed_formatter_value_is_a_payload_error_naming_the_task_and_member()
    {
        var type = GeneratorHarness.Load("Fmt", Formatters).GetType("Fmt.Refund")!;
        byte[] bytes = Convert.FromHexString(PythonConformanceTests.Pack(
            "{'Amount': [1234, 'EUR', 3], 'Item': 'sku:A-1', 'Parts': [], 'Fee': None, 'Count': 7}"));

        var error = Assert.Throws<TaskPayloadException>(() => GeneratedTasks.Read(type, bytes));

        Assert.Equal("Fmt.Refund: member 'Amount' cannot be read: Money is [cents, currency].", error.Message);
    }

    [Theory]
    [InlineData("Fmt.Refund", null)]
    [InlineData("Bad.A", "whose Deserialize uses its MessagePackSerializerOptions argument")]
    [InlineData("Bad.B", "constructor arguments")]
    [InlineData("Bad.C", "has 2 formatters in this compilation (FirstFormatter, SecondFormatter)")]
    [InlineData("Bad.D", "neither a parameterless constructor nor a static Instance")]
    public async Task The_analyzer_refuses_exactly_the_formatters_the_generator_cannot_call(string task, string? reason)
    {
        var compilation = GeneratorHarness.Compilation("Agreement", Formatters, Refused);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var generated = driver.GetRunResult().GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToHashSet();
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TaskMemberAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        var tt2001 = diagnostics.Where(d => d.Id == "TT2001" && d.GetMessage().Contains($"'{task}'", StringComparison.Ordinal)).ToList();

        if (reason is null)
        {
            Assert.Contains(task + ".g.cs", generated);
            Assert.Empty(tt2001);
        }
        else
        {
            Assert.DoesNotContain(task + ".g.cs", generated);
            Assert.Contains(reason, Assert.Single(tt2001).GetMessage(), StringComparison.Ordinal);
        }
    }
}
