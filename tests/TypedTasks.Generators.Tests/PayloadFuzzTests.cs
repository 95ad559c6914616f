using System.Diagnostics;
using TypedTasks.TestSupport.Payloads;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// Generated readers on hostile payloads: 100 000 buffers, mutations of the stored payloads of every task shape (bit
/// flips, truncation, inserted bytes, huge length and count headers, deleted runs) and random bytes, each read as its
/// own task or as another one. Every buffer is read whole or ends in a <see cref="TaskPayloadException"/> that names the
/// task; never another exception, never a hang. The seed is fixed so a failure names a buffer that reproduces it.
/// </summary>
public sealed class PayloadFuzzTests
{
    private const int Buffers = 100_000;


    [Fact]
    public void Hostile_payloads_end_in_a_payload_error_naming_the_task_and_nothing_else()
    {
        var tasks = RoundTripTests.TaskTypes().Select(t => RoundTripTests.Shapes.Value.GetType((string)t[0])!)
            .Select(type => (Type: type, Name: GeneratedTasks.Name(type), Read: GeneratedTasks.Reader(type), Seed: GeneratedTasks.Write(GeneratedTasks.Sample(type)!)))
            .ToList();
        var random = new Random(20_261_205);
        var clock = Stopwatch.StartNew();
        int whole = 0, memberErrors = 0, payloadErrors = 0;
        for (int i = 0; i < Buffers; i++)
        {
            var seed = tasks[random.Next(tasks.Count)];
            var target = random.Next(4) == 0 ? tasks[random.Next(tasks.Count)] : seed;
            byte[] buffer = i % 10 == 0 ? RandomBytes(random) : PayloadMutations.Mutate(seed.Seed, random);
            try
            {
                target.Read(buffer);
                whole++;
            }
            catch (TaskPayloadException e)
            {
                Assert.True(e.Message.StartsWith(target.Name + ": ", StringComparison.Ordinal),
                    $"Buffer #{i} read as {target.Name}: the error does not name the task: {e.Message}\n{Convert.ToHexStringLower(buffer)}");
                if (e.Message.Contains(": member '", StringComparison.Ordinal))
                    memberErrors++;
                else
                    payloadErrors++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Buffer #{i} read as {target.Name} threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexStringLower(buffer)}\n{e}");
            }
        }
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"{Buffers} payloads took {clock.Elapsed.TotalSeconds:F1} s");
        // The mutations must reach every outcome often, or the test would prove little.
        Assert.True(whole > Buffers / 50, $"only {whole} payloads were read whole");
        Assert.True(memberErrors > Buffers / 10, $"only {memberErrors} errors named a member");
        Assert.True(payloadErrors > Buffers / 10, $"only {payloadErrors} errors outside any member");
    }

    [Fact]
    public void Nesting_beyond_64_containers_is_a_payload_error_and_deep_input_cannot_overflow_the_stack()
    {
        var read = GeneratedTasks.Reader(RoundTripTests.Shapes.Value.GetType("Shapes.WithTree")!);

        read(Tree(31)); // the task's map, 31 nodes and 31 child lists: 63 containers
        var error = Assert.Throws<TaskPayloadException>(() => read(Tree(32)));
        Assert.StartsWith("Shapes.WithTree: member 'Children' cannot be read: The array is nested deeper than 64 levels", error.Message);
        Assert.Contains("nested deeper than 64", Assert.Throws<TaskPayloadException>(() => read(Tree(200_000))).Message);
    }

    /// <summary>A <c>WithTree</c> payload whose root has a single chain of <paramref name="levels"/> nodes.</summary>
    private static byte[] Tree(int levels)
    {
        var bytes = new List<byte> { 0x81, 0xa4 };
        bytes.AddRange("Root"u8.ToArray());
        for (int i = 0; i < levels; i++)
        {
            bytes.AddRange([0x82, 0xa4, .. "Name"u8.ToArray(), 0xa1, (byte)'n', 0xa8, .. "Children"u8.ToArray()]);
            bytes.Add(i < levels - 1 ? (byte)0x91 : (byte)0x90);
        }
        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
            bytes[0] = (byte)(0x80 | random.Next(16)); // a fixmap, so the reader gets past the first byte
        return bytes;
    }
}
