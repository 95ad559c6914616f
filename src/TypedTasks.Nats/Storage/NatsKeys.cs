using System.Text;

namespace TypedTasks.Nats;

/// <summary>
/// Turns queue names, job ids and lock keys into single KV key tokens: JetStream keys allow only
/// <c>[-/_=.a-zA-Z0-9]</c> and use <c>.</c> between tokens, while queue names and ids may hold ':' or '.'.
/// Letters, digits, '-' and '_' stay; every other UTF-8 byte becomes <c>=XX</c>, so the mapping is reversible.
/// </summary>
internal static class NatsKeys
{
    public static string Escape(string value)
    {
        int plain = 0;
        foreach (char c in value)
        {
            if (IsPlain(c))
                plain++;
        }
        if (plain == value.Length && value.Length > 0)
            return value;
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (IsPlain(c))
            {
                builder.Append(c);
                continue;
            }
            int length = char.IsHighSurrogate(c) && i + 1 < value.Length
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), bytes)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), bytes);
            for (int b = 0; b < length; b++)
                builder.Append('=').Append(bytes[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.Length == 0 ? "=" : builder.ToString();
    }

    public static string Unescape(string token)
    {
        if (!token.Contains('=', StringComparison.Ordinal))
            return token;
        var bytes = new List<byte>(token.Length);
        for (int i = 0; i < token.Length; i++)
        {
            if (token[i] == '=' && i + 2 < token.Length)
            {
                bytes.Add(Convert.ToByte(token.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (token[i] != '=')
            {
                bytes.Add((byte)token[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsPlain(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_';
}
