using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TypedTasks.MessagePack;

namespace TypedTasks.Benchmarks.Codec;

/// <summary>
/// Writing and reading a six-member record: hand-written <see cref="MessagePackWriter"/>/<see cref="MessagePackReader"/>
/// calls (what the generator emits) against System.Text.Json's source-generated serializer. Both write into a reused
/// buffer, so the allocations shown are those of the codec and the record it reads back.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly SendEmail _value = new(
        "someone@example.com", "Your weekly report is ready", 3, 1_234_567_890_123, new DateTime(2025, 6, 1, 9, 30, 0, DateTimeKind.Utc), true);

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter _json = null!;
    private byte[] _msgpackBytes = null!;
    private byte[] _jsonBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = new Utf8JsonWriter(_buffer);
        _msgpackBytes = WriteMessagePack().ToArray();
        _jsonBytes = WriteJson().ToArray();
        if (ReadMessagePack(_msgpackBytes) != _value || ReadJson(_jsonBytes) != _value)
            throw new InvalidOperationException("A codec did not round-trip the record.");
        Console.WriteLine($"// payload: MessagePack {_msgpackBytes.Length} bytes, JSON {_jsonBytes.Length} bytes");
    }

    [Benchmark]
    [BenchmarkCategory("WriteRead")]
    public SendEmail MessagePack_WriteRead() => ReadMessagePack(WriteMessagePack());

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("WriteRead")]
    public SendEmail SystemTextJson_WriteRead() => ReadJson(WriteJson());

    [Benchmark]
    [BenchmarkCategory("Write")]
    public int MessagePack_Write() => WriteMessagePack().Length;

    [Benchmark]
    [BenchmarkCategory("Write")]
    public int SystemTextJson_Write() => WriteJson().Length;

    [Benchmark]
    [BenchmarkCategory("Read")]
    public SendEmail MessagePack_Read() => ReadMessagePack(_msgpackBytes);

    [Benchmark]
    [BenchmarkCategory("Read")]
    public SendEmail SystemTextJson_Read() => ReadJson(_jsonBytes);

    private ReadOnlyMemory<byte> WriteMessagePack()
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        SendEmail.Write(ref writer, _value);
        return _buffer.WrittenMemory;
    }

    private ReadOnlyMemory<byte> WriteJson()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        JsonSerializer.Serialize(_json, _value, SendEmailJsonContext.Default.SendEmail);
        return _buffer.WrittenMemory;
    }

    private static SendEmail ReadMessagePack(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        return SendEmail.Read(ref reader);
    }

    private static SendEmail ReadJson(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize(bytes.Span, SendEmailJsonContext.Default.SendEmail)!;
}
