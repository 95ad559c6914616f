using Xunit;

namespace TypedTasks.Tests.MessagePack;

/// <summary>
/// Jobs already stored keep decoding: <c>Fixtures/Envelopes</c> holds envelopes that the codec of TypedTasks' own
/// MessagePack writer (before MessagePack-CSharp) wrote. Each decodes to the envelope it was written from, and today's
/// codec writes that envelope back to the same bytes. The files are history: never regenerate them.
/// </summary>
public sealed class StoredEnvelopeTests
{
    private static readonly byte[] Args = Convert.FromHexString("82a2546fad61406578616d706c652e636f6da5547269657303");

    public static TheoryData<string> Names() => new(Envelopes().Keys);

    private static Dictionary<string, JobEnvelope> Envelopes() => new()
    {
        ["minimal"] = new JobEnvelope
        {
            Id = new JobId("j1"),
            Name = "noop",
            Args = new byte[] { 0x80 },
            Queue = "default",
            EnqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(0),
        },
        ["full"] = new JobEnvelope
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
            RetryDelays = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)],
        },
        ["chain-link"] = new JobEnvelope
        {
            Id = new JobId("chain:01:1"),
            Name = "math.add",
            Args = Args,
            Queue = "math",
            EnqueuedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            MaxRetries = 0,
            Next = [new byte[] { 0x81, 0xa1, 0x76, 0x01 }, new byte[300]],
            PreviousResult = new byte[] { 0x2a },
        },
        ["group-member"] = new JobEnvelope
        {
            Id = new JobId("group:g1:17"),
            Name = "math.add",
            Args = Args,
            Queue = "default",
            EnqueuedAt = new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
            GroupId = "g1",
            GroupSize = 100,
            GroupCompletion = new byte[] { 0x80 },
        },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Envelopes_written_by_the_old_codec_decode_to_the_same_envelope(string name)
    {
        byte[] stored = Convert.FromHexString(File.ReadAllText(Path.Combine(FixtureDirectory(), name + ".hex")).Trim());
        var expected = Envelopes()[name];

        var decoded = JobEnvelopeCodec.Decode(stored);

        Assert.Equal((expected.Id, expected.Name, expected.Queue, expected.EnqueuedAt, expected.MaxRetries, expected.Timeout, expected.KeepResultFor),
            (decoded.Id, decoded.Name, decoded.Queue, decoded.EnqueuedAt, decoded.MaxRetries, decoded.Timeout, decoded.KeepResultFor));
        Assert.Equal((expected.UniqueKey, expected.TraceParent, expected.GroupId, expected.GroupSize, expected.Version),
            (decoded.UniqueKey, decoded.TraceParent, decoded.GroupId, decoded.GroupSize, decoded.Version));
        Assert.Equal(expected.Args.ToArray(), decoded.Args.ToArray());
        Assert.Equal(expected.RetryDelays ?? [], decoded.RetryDelays ?? []);
        Assert.Equal((expected.Next ?? []).Select(n => n.ToArray()), (decoded.Next ?? []).Select(n => n.ToArray()));
        Assert.Equal(expected.PreviousResult?.ToArray(), decoded.PreviousResult?.ToArray());
        Assert.Equal(expected.GroupCompletion?.ToArray(), decoded.GroupCompletion?.ToArray());
        Assert.Equal(Convert.ToHexStringLower(stored), Convert.ToHexStringLower(JobEnvelopeCodec.Encode(decoded)));
        Assert.Equal(Convert.ToHexStringLower(stored), Convert.ToHexStringLower(JobEnvelopeCodec.Encode(expected)));
    }

    private static string FixtureDirectory() =>
        Path.Combine(typeof(StoredEnvelopeTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "Fixtures", "Envelopes");
}
