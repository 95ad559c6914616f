using System.Buffers;
using System.Diagnostics;
using MessagePack;
using TypedTasks.Serialization;
using TypedTasks.Tests.MessagePack.Conformance;
using TypedTasks.TestSupport.Payloads;
using Xunit;

namespace TypedTasks.Tests.MessagePack;

/// <summary>
/// Random and mutated buffers never make MessagePack-CSharp's reader, with the checks and type mappings TypedTasks adds,
/// throw anything but the errors <see cref="MessagePackReaderChecks.IsMalformedInput"/> recognizes (which the generated
/// readers turn into <see cref="TaskPayloadException"/>); the envelope codec throws only
/// <see cref="MessagePackSerializationException"/>. Nothing allocates beyond what the input could hold or hangs. The
/// seed is fixed so a failure names a buffer that reproduces it.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Buffers = 120_000;
    private const long AllocationAllowance = 64 * 1024; // an exception with its message and stack trace, and slack


    [Fact]
    public void Only_malformed_input_errors_escape_for_random_and_mutated_input()
    {
        var seeds = Seeds();
        var random = new Random(20_251_122);
        var clock = Stopwatch.StartNew();
        int formatErrors = 0, readWhole = 0;
        long worstAllocation = 0;
        for (int i = 0; i < Buffers; i++)
        {
            byte[] buffer = i % 8 == 0 ? RandomBytes(random) : PayloadMutations.Mutate(seeds[random.Next(seeds.Count)], random);
            try
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                bool whole = SkipAll(buffer, out int errors);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                worstAllocation = Math.Max(worstAllocation, allocated - buffer.Length);
                Assert.True(allocated <= buffer.Length + AllocationAllowance,
                    $"Skip allocated {allocated} bytes for buffer #{i} of {buffer.Length} bytes: {Convert.ToHexStringLower(buffer)}");
                formatErrors += errors;
                readWhole += whole ? 1 : 0;
                formatErrors += ReadGeneric(buffer, i % 10 == 0);
                formatErrors += ReadTyped(buffer, random);
                formatErrors += DecodeEnvelope(buffer);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Buffer #{i} threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexStringLower(buffer)}\n{e}");
            }
        }
        clock.Stop();
        // A hang guard, not a benchmark: MessagePack-CSharp throws on each malformed buffer and the machines are shared.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{Buffers} buffers took {clock.Elapsed.TotalSeconds:F1} s");
        // The mutations must reach both outcomes often, or the test would prove little.
        Assert.True(readWhole > Buffers / 20, $"only {readWhole} buffers were read whole");
        Assert.True(formatErrors > Buffers / 2, $"only {formatErrors} format errors");
    }

    private static List<byte[]> Seeds()
    {
        var seeds = ConformanceValues.All.Select(v => v.Encode()).Where(b => b.Length <= 2048).ToList();
        seeds.Add(JobEnvelopeCodec.Encode(new JobEnvelope
        {
            Id = JobId.New(),
            Name = "resize-image",
            Args = Msgpack.Write((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write("Path");
                w.Write("/img/a.png");
                w.Write("Sizes");
                w.WriteArrayHeader(2);
                w.Write(64);
                w.Write(1024);
                w.Write("At");
                w.WriteDateTimeOffset(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)));
            }),
            Queue = "images",
            EnqueuedAt = DateTimeOffset.UnixEpoch.AddDays(20000),
            Timeout = TimeSpan.FromMinutes(5),
            KeepResultFor = TimeSpan.FromHours(1),
            UniqueKey = "k",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        }));
        seeds.Add(Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(9);
            w.Write(DateTime.UtcNow);
            w.WriteDateTimeOffset(DateTimeOffset.UtcNow);
            w.WriteTimeSpan(TimeSpan.FromHours(-3));
            w.WriteGuid(Guid.NewGuid());
            w.WriteDecimal(12345.678m);
            w.WriteDateOnly(DateOnly.MaxValue);
            w.WriteTimeOnly(TimeOnly.MaxValue);
            w.Write('x');
            w.Write(-1.5f);
        }));
        return seeds;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 48)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Skips value after value to the end; returns whether the whole input was read.</summary>
    private static bool SkipAll(byte[] buffer, out int errors)
    {
        var reader = new MessagePackReader(buffer);
        errors = 0;
        try
        {
            while (!reader.End)
                reader.Skip();
            return true;
        }
        catch (Exception e) when (MessagePackReaderChecks.IsMalformedInput(e))
        {
            errors = 1;
            return false;
        }
    }

    private static int ReadGeneric(byte[] buffer, bool segmented)
    {
        var reader = segmented && buffer.Length > 2 ? new MessagePackReader(Split(buffer)) : new MessagePackReader(buffer);
        try
        {
            while (!reader.End)
                MpValue.Read(ref reader);
            return 0;
        }
        catch (Exception e) when (MessagePackReaderChecks.IsMalformedInput(e))
        {
            return 1;
        }
    }

    /// <summary>Typed reads chosen at random, as a generated deserializer reading the wrong payload would make them.</summary>
    private static int ReadTyped(byte[] buffer, Random random)
    {
        var reader = new MessagePackReader(buffer);
        try
        {
            for (int n = 0; n < 16 && !reader.End; n++)
            {
                switch (random.Next(24))
                {
                    case 0: reader.ReadInt32(); break;
                    case 1: reader.ReadInt64(); break;
                    case 2: reader.ReadUInt64(); break;
                    case 3: reader.ReadByte(); break;
                    case 4: reader.ReadDouble(); break;
                    case 5: reader.ReadSingle(); break;
                    case 6: reader.ReadStrictString(); break;
                    case 7: reader.ReadByteArray(); break;
                    case 8: reader.ReadBoolean(); break;
                    case 9: reader.TryReadNil(); break;
                    case 10: reader.ReadNestedArrayHeader(); break;
                    case 11: reader.ReadNestedMapHeader(); break;
                    case 12: reader.ReadRaw(reader.ReadExtensionFormatHeader().Length); break;
                    case 13: reader.ReadDateTime(); break;
                    case 14: reader.ReadDateTimeOffset(); break;
                    case 15: reader.ReadTimeSpan(); break;
                    case 16: reader.ReadGuid(); break;
                    case 17: reader.ReadDecimal(); break;
                    case 18: reader.ReadDateOnly(); break;
                    case 19: reader.ReadTimeOnly(); break;
                    case 20: reader.ReadChar(); break;
                    case 21: reader.ReadRaw(); break;
                    case 22: reader.TryReadStringSpan(out _); break;
                    default: reader.ReadInt16(); break;
                }
            }
            return 0;
        }
        catch (Exception e) when (MessagePackReaderChecks.IsMalformedInput(e))
        {
            return 1;
        }
    }

    private static int DecodeEnvelope(byte[] buffer)
    {
        try
        {
            JobEnvelopeCodec.Decode(buffer);
            return 0;
        }
        catch (MessagePackSerializationException)
        {
            return 1;
        }
    }

    private static ReadOnlySequence<byte> Split(byte[] buffer)
    {
        var first = new Segment(buffer[..(buffer.Length / 2)]);
        var last = first.Append(buffer[(buffer.Length / 2)..]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(byte[] data)
        {
            var next = new Segment(data) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
