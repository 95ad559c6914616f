namespace TypedTasks.TestSupport.Payloads;

/// <summary>
/// The mutations the fuzz tests apply to valid MessagePack: bit flips, truncation, inserted and deleted bytes, and
/// length or count headers that claim far more than the input holds.
/// </summary>
public static class PayloadMutations
{
    private static readonly byte[] HugeHeaders = [0xdc, 0xdd, 0xde, 0xdf, 0xd9, 0xda, 0xdb, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9];

    /// <summary>A copy of <paramref name="seed"/> with one to three mutations.</summary>
    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    for (int n = random.Next(1, 5); n > 0; n--)
                        bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    byte code = HugeHeaders[random.Next(HugeHeaders.Length)];
                    byte fill = random.Next(2) == 0 ? (byte)0xff : (byte)0x7f;
                    bytes.InsertRange(at, [code, fill, 0xff, 0xff, 0xff, 0x01]);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                default:
                    if (bytes.Count > 0)
                        bytes[at] = (byte)random.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }
}
