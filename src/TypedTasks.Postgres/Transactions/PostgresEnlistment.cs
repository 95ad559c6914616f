using Npgsql;

namespace TypedTasks.Postgres;

/// <summary>
/// The caller's connection (and whatever transaction is open on it) that enqueues made in the current async flow
/// must use. <see cref="EnlistedTaskClient"/> sets it around one enqueue, so the host's enqueue middleware still runs
/// in between; <see cref="PostgresBroker"/> picks it up and marks it used, which tells the client the job really went
/// into that transaction.
/// </summary>
internal sealed class PostgresEnlistment(NpgsqlConnection connection)
{
    private static readonly AsyncLocal<PostgresEnlistment?> s_current = new();

    /// <summary>The enlistment of the current async flow, if any.</summary>
    public static PostgresEnlistment? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public NpgsqlConnection Connection { get; } = connection;

    /// <summary>Set by the broker that stored a job on <see cref="Connection"/>.</summary>
    public bool Used { get; set; }
}
