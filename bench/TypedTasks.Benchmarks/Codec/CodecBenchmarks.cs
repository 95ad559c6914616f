using System.Buffers;
using BenchmarkDotNet.Attributes;
using TypedTasks.Brokers;
using MessagePack;

namespace TypedTasks.Benchmarks.Codec;

/// <summary>
/// The generated serializers of two tasks, the job envelope, and the whole client side of an enqueue (payload, envelope
/// and request, as <see cref="BrokerTaskClient.CreateRequest{TTask}"/> builds them). Writes go to a reused buffer, so
/// the allocations shown are the codec's own plus what a read gives back.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly SendEmail Email = new(
        "someone@example.com", "Your weekly report is ready", 3, 1_234_567_890_123, new DateTime(2025, 6, 1, 9, 30, 0, DateTimeKind.Utc), true);

    private static readonly PlaceOrder Order = new(
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 1234.56m, new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.FromHours(2)),
        TimeSpan.FromMinutes(30),
        [new OrderLine("sku-1", 2, 9.99m), new OrderLine("sku-2", 1, 5m), new OrderLine("sku-3", 10, 0.5m)],
        new Dictionary<string, int> { ["sku-1"] = 40, ["sku-2"] = 3 });

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly BrokerTaskClient _client = new(new InMemoryBroker());
    private byte[] _emailBytes = null!;
    private byte[] _orderBytes = null!;
    private byte[] _envelopeBytes = null!;
    private JobEnvelope _envelope = null!;

    [GlobalSetup]
    public void Setup()
    {
        _emailBytes = Write(Email).ToArray();
        _orderBytes = Write(Order).ToArray();
        _envelope = new JobEnvelope
        {
            Id = JobId.New(),
            Name = "bench.send-email",
            Args = _emailBytes,
            Queue = "mail",
            EnqueuedAt = new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero),
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        _envelopeBytes = JobEnvelopeCodec.Encode(_envelope);
        if (TaskDescriptor.Decode<SendEmail>(_emailBytes) != Email || TaskDescriptor.Decode<PlaceOrder>(_orderBytes).Lines.Count != 3)
            throw new InvalidOperationException("A task did not round-trip.");
        Console.WriteLine($"// payloads: SendEmail {_emailBytes.Length} bytes, PlaceOrder {_orderBytes.Length} bytes, envelope {_envelopeBytes.Length} bytes");
    }

    [Benchmark]
    public int SendEmail_Write() => Write(Email).Length;

    [Benchmark]
    public SendEmail SendEmail_Read() => TaskDescriptor.Decode<SendEmail>(_emailBytes);

    [Benchmark]
    public int PlaceOrder_Write() => Write(Order).Length;

    [Benchmark]
    public PlaceOrder PlaceOrder_Read() => TaskDescriptor.Decode<PlaceOrder>(_orderBytes);

    [Benchmark]
    public byte[] Envelope_Encode() => JobEnvelopeCodec.Encode(_envelope);

    [Benchmark]
    public JobEnvelope Envelope_Decode() => JobEnvelopeCodec.Decode(_envelopeBytes);

    /// <summary>Everything an enqueue allocates before the broker call: payload, envelope, request.</summary>
    [Benchmark]
    public EnqueueRequest Enqueue_CreateRequest() => _client.CreateRequest(Email);

    private ReadOnlyMemory<byte> Write<TTask>(TTask task) where TTask : IGeneratedTask<TTask>
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        TTask.Write(ref writer, task);
        writer.Flush();
        return _buffer.WrittenMemory;
    }
}
