namespace TypedTasks.Redis;

/// <summary>The scripts behind <see cref="Brokers.IBrokerAdmin"/>, loaded as <see cref="RedisScripts"/> loads the worker's.</summary>
internal static class AdminScripts
{
    public static readonly BrokerScript ListJobs = RedisScripts.Load("listJobs");
    public static readonly BrokerScript RunNow = RedisScripts.Load("runNow");
    public static readonly BrokerScript RetryAll = RedisScripts.Load("retryAll");
    public static readonly BrokerScript DeleteAll = RedisScripts.Load("deleteAll");
    public static readonly BrokerScript Throughput = RedisScripts.Load("throughput");
    public static readonly BrokerScript RecordExpiring = RedisScripts.Load("recordExpiring");
    public static readonly BrokerScript ReadExpiring = RedisScripts.Load("readExpiring");
    public static readonly BrokerScript CronFired = RedisScripts.Load("cronFired");
}
