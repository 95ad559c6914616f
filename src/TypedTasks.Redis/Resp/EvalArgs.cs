using System.Collections;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// The arguments of <c>EVALSHA</c> (the script's SHA1, the key count, the keys, then the script's own arguments) as a
/// view over the caller's lists, so a call with hundreds of arguments is not copied into a second array.
/// </summary>
internal sealed class EvalArgs(RedisScript script, IReadOnlyList<string> keys, IReadOnlyList<RedisArg> args) : IReadOnlyList<RedisArg>
{
    public int Count => 2 + keys.Count + args.Count;

    public RedisArg this[int index]
    {
        get
        {
            if (index == 0)
                return script.Sha1;
            if (index == 1)
                return keys.Count;
            if (index < 2 + keys.Count)
                return keys[index - 2];
            return args[index - 2 - keys.Count];
        }
    }

    public IEnumerator<RedisArg> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
