using TypedTasks.Redis.Resp;

namespace TypedTasks.Redis;

/// <summary>
/// The broker's Lua scripts, read once from the assembly's embedded <c>Scripts/*.lua</c> resources, each prefixed by
/// the shared <c>lib.lua</c> so that every state change stays one self-contained atomic script.
/// </summary>
internal static class RedisScripts
{
    public static readonly RedisScript EnqueueMany = Load("enqueueMany");
    public static readonly RedisScript Fetch = Load("fetch");
    public static readonly RedisScript AckAndFetch = Load("ackAndFetch");
    public static readonly RedisScript Fail = Load("fail");
    public static readonly RedisScript Extend = Load("extend");
    public static readonly RedisScript Recover = Load("recover");
    public static readonly RedisScript Requeue = Load("requeue");
    public static readonly RedisScript Progress = Load("progress");
    public static readonly RedisScript Cancel = Load("cancel");
    public static readonly RedisScript Delete = Load("delete");
    public static readonly RedisScript RetryDead = Load("retryDead");
    public static readonly RedisScript Pause = Load("pause");
    public static readonly RedisScript Resume = Load("resume");
    public static readonly RedisScript Stats = Load("stats");
    public static readonly RedisScript GroupDone = Load("groupDone");

    private static RedisScript Load(string name) => new(Read("lib") + "\n" + Read(name));

    private static string Read(string name)
    {
        string resource = "TypedTasks.Redis.Scripts." + name + ".lua";
        using var stream = typeof(RedisScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded script '{resource}' is missing from {typeof(RedisScripts).Assembly.GetName().Name}; rebuild the package.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
