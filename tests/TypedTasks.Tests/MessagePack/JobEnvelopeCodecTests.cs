using System.Buffers;
using MessagePack;
using TypedTasks.Tests.MessagePack.Conformance;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

public sealed class JobEnvelopeCodecTests
{
    private static readonly byte[] Args = Msgpack.Write((ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(2);
        w.Write("To");
        w.Write("a@example.com");
        w.Write("Tries");
        w.Write(3);
    });

    private static JobEnvelope Full() => new()
    {
        Id = new JobId("0190a5b2-7c1e-7d3f-8a9b-0123456789ab"),
        Name = "send-email",
        Args = Args,
        Queue = "mail",
        EnqueuedAt = new DateTimeOffset(2025, 5, 4, 3, 2, 1, 123, TimeSpan.Zero),
        MaxRetries = 7,
        Timeout = TimeSpan.FromSeconds(90),
        KeepResultFor = TimeSpan.FromDays(1),
        UniqueKey = "send-email:a@example.com",
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        Version = 1,
    };

    private static JobEnvelope Minimal() => new()
    {
        Id = new JobId("j1"),
        Name = "noop",
        Args = new byte[] { 0x80 },
        Queue = "default",
        EnqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(0),
    };

    [Fact]
    public void Every_field_round_trips()
    {
        var envelope = Full();
        var decoded = JobEnvelopeCodec.Decode(JobEnvelopeCodec.Encode(envelope));
        Assert.Equal(envelope.Id, decoded.Id);
        Assert.Equal(envelope.Name, decoded.Name);
        Assert.Equal(Args, decoded.Args.ToArray());
        Assert.Equal(envelope.Queue, decoded.Queue);
        Assert.Equal(envelope.EnqueuedAt, decoded.EnqueuedAt);
        Assert.Equal(envelope.MaxRetries, decoded.MaxRetries);
        Assert.Equal(envelope.Timeout, decoded.Timeout);
        Assert.Equal(envelope.KeepResultFor, decoded.KeepResultFor);
        Assert.Equal(envelope.UniqueKey, decoded.UniqueKey);
        Assert.Equal(envelope.TraceParent, decoded.TraceParent);
        Assert.Equal(envelope.Version, decoded.Version);
    }

    [Fact]
    public void Optional_fields_are_left_out_and_decode_to_their_defaults()
    {
        byte[] bytes = JobEnvelopeCodec.Encode(Minimal());
        Assert.Equal(0x87, bytes[0]);
        var decoded = JobEnvelopeCodec.Decode(bytes);
        Assert.Null(decoded.Timeout);
        Assert.Null(decoded.KeepResultFor);
        Assert.Null(decoded.UniqueKey);
        Assert.Null(decoded.TraceParent);
        Assert.Equal(TaskOptions.DefaultMaxRetries, decoded.MaxRetries);
        Assert.Equal(JobEnvelope.CurrentVersion, decoded.Version);
    }

    [Fact]
    public void Args_decode_as_a_slice_of_the_input_with_the_bytes_unchanged()
    {
        byte[] bytes = JobEnvelopeCodec.Encode(Full());
        var decoded = JobEnvelopeCodec.Decode(bytes);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(decoded.Args, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(bytes, JobEnvelopeCodec.Encode(decoded));
    }

    [Fact]
    public void Entries_are_short_keys_a_python_worker_can_read()
    {
        byte[] bytes = JobEnvelopeCodec.Encode(Full());
        var reader = new MessagePackReader(bytes);
        int count = reader.ReadMapHeader();
        var keys = new List<string>();
        for (int i = 0; i < count; i++)
        {
            keys.Add(reader.ReadString()!);
            reader.Skip();
        }
        Assert.Equal(["v", "id", "name", "args", "queue", "at", "retries", "timeout", "keep", "ukey", "tp"], keys);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("args")]
    [InlineData("queue")]
    [InlineData("at")]
    public void A_missing_required_entry_is_named(string key)
    {
        byte[] bytes = Rewrite(JobEnvelopeCodec.Encode(Minimal()), (name, _) => name != key);
        var error = Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(bytes));
        Assert.Equal($"The envelope lacks {key}.", error.Message);
    }

    [Fact]
    public void Several_missing_entries_are_all_named()
    {
        byte[] bytes = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("name");
            w.Write("x");
        });
        var error = Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(bytes));
        Assert.Contains("lacks id, args, queue, at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_entries_of_newer_producers_are_skipped_whatever_their_shape()
    {
        byte[] original = JobEnvelopeCodec.Encode(Full());
        byte[] extended = Msgpack.Write((ref MessagePackWriter w) =>
        {
            var reader = new MessagePackReader(original);
            int count = reader.ReadMapHeader();
            w.WriteMapHeader(count + 4);
            w.Write("future");
            w.WriteMapHeader(1);
            w.Write("nested");
            w.WriteArrayHeader(2);
            w.Write(1.5);
            Timestamps.Write(ref w, -5, 7);
            w.Write(42);
            w.Write("integer key");
            w.Write(new byte[] { 1, 2, 3 });
            w.WriteNil();
            w.WriteRaw(reader.ReadRaw(Msgpack.Remaining(reader)).ToArray());
            w.Write("zz");
            w.WriteExtensionFormat(new ExtensionResult(9, new byte[20]));
        });
        var decoded = JobEnvelopeCodec.Decode(extended);
        var expected = JobEnvelopeCodec.Decode(original);
        Assert.Equal(expected with { Args = default }, decoded with { Args = default });
        Assert.Equal(expected.Args.ToArray(), decoded.Args.ToArray());
    }

    [Fact]
    public void Nil_timeouts_read_as_none()
    {
        byte[] bytes = Rewrite(JobEnvelopeCodec.Encode(Full()), (name, _) => name != "timeout", (ref MessagePackWriter w) =>
        {
            w.Write("timeout");
            w.WriteNil();
        });
        Assert.Null(JobEnvelopeCodec.Decode(bytes).Timeout);
    }

    [Fact]
    public void Bad_envelopes_are_format_errors()
    {
        byte[] valid = JobEnvelopeCodec.Encode(Minimal());
        Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(ReadOnlyMemory<byte>.Empty));
        Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(new byte[] { 0x90 }));
        Assert.Contains("followed by 1 more bytes", Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(valid.Append((byte)0xc0).ToArray())).Message, StringComparison.Ordinal);
        Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(valid[..^1]));
        AssertRejected(valid, "id", (ref MessagePackWriter w) => w.Write(new string('x', 201)), "longer than 200");
        AssertRejected(valid, "id", (ref MessagePackWriter w) => w.Write(""), "lacks id");
        AssertRejected(valid, "at", (ref MessagePackWriter w) => w.Write(253402300800000L), "enqueue time");
        AssertRejected(valid, "retries", (ref MessagePackWriter w) => w.Write(1L << 40), "overflow");
        AssertRejected(valid, "timeout", (ref MessagePackWriter w) => w.Write(long.MaxValue), "timeout");
        AssertRejected(valid, "keep", (ref MessagePackWriter w) => w.Write(long.MinValue), "keep");
        AssertRejected(valid, "name", (ref MessagePackWriter w) => w.Write(5), "Unexpected msgpack code");
        AssertRejected(valid, "name", (ref MessagePackWriter w) => w.WriteString(new byte[] { 0xc3, 0x28 }), "UTF-8");
        AssertRejected(valid, "delays", (ref MessagePackWriter w) => w.WriteRaw(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0xff }), "not valid MessagePack");
    }

    private delegate bool KeepEntry(string key, ReadOnlySpan<byte> value);

    private static void AssertRejected(byte[] valid, string key, WriteAction value, string expected)
    {
        byte[] bytes = Rewrite(valid, (name, _) => name != key, (ref MessagePackWriter w) =>
        {
            w.Write(key);
            value(ref w);
        });
        var error = Assert.Throws<MessagePackSerializationException>(() => JobEnvelopeCodec.Decode(bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Copies an envelope map, keeping the entries <paramref name="keep"/> accepts and appending one more.</summary>
    private static byte[] Rewrite(byte[] envelope, KeepEntry keep, WriteAction? extra = null)
    {
        var entries = new List<(string Key, byte[] Value)>();
        var reader = new MessagePackReader(envelope);
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadString()!;
            byte[] value = reader.ReadRaw().ToArray();
            if (keep(key, value))
                entries.Add((key, value));
        }
        return Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(entries.Count + (extra is null ? 0 : 1));
            foreach (var (key, value) in entries)
            {
                w.Write(key);
                w.WriteRaw(value);
            }
            extra?.Invoke(ref w);
        });
    }
}
