using System.Collections;
using System.Numerics;
using System.Reflection;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// Compares a task read back with the one written, member by member: public properties and fields of records,
/// classes, structs and tuples, collections element by element (sets and bags whatever their order, dictionaries key
/// by key), numbers by their bits (NaN and -0 included). A member declared with a concrete type must come back as
/// that type. A <c>DateTime</c> comes back as the same instant in UTC, which is what TypedTasks documents.
/// </summary>
public static class MemberComparer
{
    public static void AssertEqual(object? expected, object? actual, string path) => Compare(expected, actual, path, declared: null);

    private static void Compare(object? expected, object? actual, string path, Type? declared)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {Show(expected)} but read {Show(actual)}");
            return;
        }
        var type = expected.GetType();
        if (declared is not null && !declared.IsInterface && !declared.IsAbstract && Nullable.GetUnderlyingType(declared) is null)
            Assert.True(type == actual.GetType(), $"{path}: expected a {type} but read a {actual.GetType()}");

        switch (expected)
        {
            case DateTime time:
                var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
                var back = (DateTime)actual;
                Assert.True(back.Kind == DateTimeKind.Utc && back.Ticks == utc.Ticks, $"{path}: expected {utc:O} in UTC but read {back:O} ({back.Kind})");
                return;
            case DateTimeOffset offset:
                var readOffset = (DateTimeOffset)actual;
                Assert.True(offset.UtcTicks == readOffset.UtcTicks && offset.Offset == readOffset.Offset, $"{path}: expected {offset:O} but read {readOffset:O}");
                return;
            case double d:
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)actual), $"{path}: expected {d:R} but read {actual}");
                return;
            case float f:
                Assert.True(BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits((float)actual), $"{path}: expected {f:R} but read {actual}");
                return;
            case Half h:
                Assert.True(BitConverter.HalfToInt16Bits(h) == BitConverter.HalfToInt16Bits((Half)actual), $"{path}: expected {h} but read {actual}");
                return;
            case decimal m:
                Assert.True(m == (decimal)actual && m.Scale == ((decimal)actual).Scale, $"{path}: expected {m} but read {actual}");
                return;
        }
        if (IsLeaf(type))
        {
            Assert.True(Equals(expected, actual), $"{path}: expected {Show(expected)} but read {Show(actual)}");
            return;
        }
        if (IsGeneric(type, typeof(System.Collections.Immutable.ImmutableArray<>)) && (bool)type.GetProperty("IsDefault")!.GetValue(expected)!)
        {
            Assert.True((bool)type.GetProperty("IsDefault")!.GetValue(actual)!, $"{path}: expected a default ImmutableArray but read one with items");
            return;
        }
        if (IsGeneric(type, typeof(Memory<>)) || IsGeneric(type, typeof(ReadOnlyMemory<>)))
        {
            CompareSequences(ToArray(expected), ToArray(actual), path, ordered: true);
            return;
        }
        if (expected is IDictionary map)
        {
            var readMap = (IDictionary)actual;
            Assert.True(map.Count == readMap.Count, $"{path}: expected {map.Count} entries but read {readMap.Count}");
            foreach (DictionaryEntry entry in map)
            {
                Assert.True(readMap.Contains(entry.Key), $"{path}: the key {Show(entry.Key)} is missing");
                Compare(entry.Value, readMap[entry.Key], $"{path}[{Show(entry.Key)}]", null);
            }
            return;
        }
        if (expected is IEnumerable sequence && expected is not string)
        {
            CompareSequences(sequence.Cast<object?>().ToList(), ((IEnumerable)actual).Cast<object?>().ToList(), path, ordered: !IsUnordered(type));
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
            Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", property.PropertyType);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            Compare(field.GetValue(expected), field.GetValue(actual), $"{path}.{field.Name}", field.FieldType);
    }

    private static void CompareSequences(List<object?> expected, List<object?> actual, string path, bool ordered)
    {
        Assert.True(expected.Count == actual.Count, $"{path}: expected {expected.Count} items but read {actual.Count}");
        if (ordered)
        {
            for (int i = 0; i < expected.Count; i++)
                Compare(expected[i], actual[i], $"{path}[{i}]", null);
            return;
        }
        var unmatched = new List<object?>(actual);
        foreach (var item in expected)
        {
            int match = unmatched.FindIndex(candidate => Matches(item, candidate));
            Assert.True(match >= 0, $"{path}: {Show(item)} is missing");
            unmatched.RemoveAt(match);
        }
    }

    private static bool Matches(object? expected, object? actual)
    {
        try
        {
            Compare(expected, actual, "", null);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>Values compared with their own Equals: primitives, strings, enums and the .NET value types TypedTasks writes whole.</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(DateOnly) ||
        type == typeof(TimeOnly) || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(BigInteger) || type == typeof(Complex) ||
        type == typeof(Version) || type == typeof(Uri);

    private static bool IsUnordered(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>))) ||
        IsGeneric(type, typeof(System.Collections.Concurrent.ConcurrentBag<>));

    private static bool IsGeneric(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;

    private static List<object?> ToArray(object memory) =>
        ((IEnumerable)memory.GetType().GetMethod("ToArray", Type.EmptyTypes)!.Invoke(memory, null)!).Cast<object?>().ToList();

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => $"\"{(text.Length > 40 ? text[..40] + "…" : text)}\"",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
