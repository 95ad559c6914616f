namespace TypedTasks.Redis;

/// <summary>
/// The broker's Lua scripts, read once from the assembly's embedded <c>Scripts/*.lua</c> resources, each prefixed by
/// what it uses of the shared <c>lib.lua</c> (<see cref="ScriptLibrary"/>) so that every state change stays one
/// self-contained atomic script.
/// </summary>
internal static class RedisScripts
{
    // First: static fields are initialized in the order they are declared, and Load uses it.
    private static readonly ScriptLibrary Library = new(Read("lib"));

    public static readonly BrokerScript EnqueueMany = Load("enqueueMany");
    public static readonly BrokerScript Fetch = Load("fetch");
    public static readonly BrokerScript AckAndFetch = Load("ackAndFetch");
    public static readonly BrokerScript Fail = Load("fail");
    public static readonly BrokerScript Extend = Load("extend");
    public static readonly BrokerScript Recover = Load("recover");
    public static readonly BrokerScript Requeue = Load("requeue");
    public static readonly BrokerScript Progress = Load("progress");
    public static readonly BrokerScript Cancel = Load("cancel");
    public static readonly BrokerScript Delete = Load("delete");
    public static readonly BrokerScript RetryDead = Load("retryDead");
    public static readonly BrokerScript Pause = Load("pause");
    public static readonly BrokerScript Resume = Load("resume");
    public static readonly BrokerScript Stats = Load("stats");
    public static readonly BrokerScript GroupDone = Load("groupDone");
    public static readonly BrokerScript ForgetQueue = Load("forgetQueue");

    internal static BrokerScript Load(string name) => new(name, Library.Compose(Read(name)));

    private static string Read(string name)
    {
        string resource = "TypedTasks.Redis.Scripts." + name + ".lua";
        using var stream = typeof(RedisScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded script '{resource}' is missing from {typeof(RedisScripts).Assembly.GetName().Name}; rebuild the package.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
