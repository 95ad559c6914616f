namespace TypedTasks.Postgres;

/// <summary>
/// The broker's SQL, read once from the assembly's embedded <c>Sql/*.sql</c> resources (one statement per operation,
/// each documented at its top) with the schema and the notification channel filled in.
/// </summary>
internal sealed class PostgresSql
{
    public PostgresSql(string schema)
    {
        Channel = schema + "_wake";
        Enqueue = Load("enqueue", schema, Channel);
        EnqueueOne = Load("enqueueOne", schema, Channel);
        AckAndFetch = Load("ackAndFetch", schema, Channel);
        Fail = Load("fail", schema, Channel);
        Extend = Load("extend", schema, Channel);
        Recover = Load("recover", schema, Channel);
        Purge = Load("purge", schema, Channel);
        Requeue = Load("requeue", schema, Channel);
        Progress = Load("progress", schema, Channel);
        Cancel = Load("cancel", schema, Channel);
        Delete = Load("delete", schema, Channel);
        RetryDead = Load("retryDead", schema, Channel);
        Pause = Load("pause", schema, Channel);
        Resume = Load("resume", schema, Channel);
        Stats = Load("stats", schema, Channel);
        GroupDone = Load("groupDone", schema, Channel);
        Queues = Load("queues", schema, Channel);
        Job = Load("job", schema, Channel);
        DeadJobs = Load("deadJobs", schema, Channel);
        Waiting = Load("waiting", schema, Channel);
        ListJobs = Load("listJobs", schema, Channel);
        RunNow = Load("runNow", schema, Channel);
        RetryAll = Load("retryAll", schema, Channel);
        DeleteAll = Load("deleteAll", schema, Channel);
        Throughput = Load("throughput", schema, Channel);
        RecordWorker = Load("recordWorker", schema, Channel);
        RemoveWorker = Load("removeWorker", schema, Channel);
        Workers = Load("workers", schema, Channel);
        RecordCronSchedule = Load("recordCronSchedule", schema, Channel);
        RecordCronFire = Load("recordCronFire", schema, Channel);
        CronSchedules = Load("cronSchedules", schema, Channel);
    }

    /// <summary>The LISTEN/NOTIFY channel on which enqueues, requeues, retries and resumes name their queue.</summary>
    public string Channel { get; }

    public string Enqueue { get; }
    public string EnqueueOne { get; }
    public string AckAndFetch { get; }
    public string Fail { get; }
    public string Extend { get; }
    public string Recover { get; }
    public string Purge { get; }
    public string Requeue { get; }
    public string Progress { get; }
    public string Cancel { get; }
    public string Delete { get; }
    public string RetryDead { get; }
    public string Pause { get; }
    public string Resume { get; }
    public string Stats { get; }
    public string GroupDone { get; }
    public string Queues { get; }
    public string Job { get; }
    public string DeadJobs { get; }
    public string Waiting { get; }
    public string ListJobs { get; }
    public string RunNow { get; }
    public string RetryAll { get; }
    public string DeleteAll { get; }
    public string Throughput { get; }
    public string RecordWorker { get; }
    public string RemoveWorker { get; }
    public string Workers { get; }
    public string RecordCronSchedule { get; }
    public string RecordCronFire { get; }
    public string CronSchedules { get; }

    private static string Load(string name, string schema, string channel) =>
        EmbeddedSql.Read("TypedTasks.Postgres.Sql." + name + ".sql").Replace("{schema}", schema).Replace("{channel}", channel);
}

/// <summary>Reads the embedded SQL files.</summary>
internal static class EmbeddedSql
{
    public static string Read(string resource)
    {
        using var stream = typeof(EmbeddedSql).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded SQL '{resource}' is missing from {typeof(EmbeddedSql).Assembly.GetName().Name}; rebuild the package.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
