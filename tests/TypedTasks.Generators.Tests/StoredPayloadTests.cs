using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// Jobs already stored keep decoding: <c>Fixtures/Payloads</c> holds the bytes that the codec of TypedTasks' own
/// MessagePack writer (before MessagePack-CSharp) wrote for the sample of every task shape. Each must decode to a task
/// that equals the sample and that today's serializer writes back to the same bytes. The files are history: never
/// regenerate them; a new shape gets a fixture only from the old writer.
/// </summary>
public sealed class StoredPayloadTests
{
    public static IEnumerable<object[]> Fixtures() =>
        Directory.GetFiles(FixtureDirectory(), "*.hex").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    [Fact]
    public void The_fixtures_cover_every_task_shape_of_the_old_codec()
    {
        Assert.True(Fixtures().Count() >= 36, $"only {Fixtures().Count()} payload fixtures");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Bytes_written_by_the_old_codec_decode_to_an_equal_task(string typeName)
    {
        byte[] stored = Convert.FromHexString(File.ReadAllText(Path.Combine(FixtureDirectory(), typeName + ".hex")).Trim());
        var type = RoundTripTests.Shapes.Value.GetType(typeName)!;
        var sample = GeneratedTasks.Sample(type)!;

        var read = GeneratedTasks.Read(type, stored);

        Assert.Equal(sample.ToString(), read.ToString());
        Assert.Equal(Convert.ToHexStringLower(stored), Convert.ToHexStringLower(GeneratedTasks.Write(read)));
        Assert.Equal(Convert.ToHexStringLower(stored), Convert.ToHexStringLower(GeneratedTasks.Write(sample)));
    }

    private static string FixtureDirectory() =>
        Path.Combine(typeof(StoredPayloadTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "Fixtures", "Payloads");
}
