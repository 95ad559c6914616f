using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

public sealed partial class PostgresBroker
{
    /// <summary>
    /// Stores jobs on the caller's connection, inside its open transaction: the rows and their notification become
    /// visible only when it commits.
    /// </summary>
    private async Task<EnqueueResult[]> EnqueueInTransactionAsync(PostgresEnlistment enlistment, IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken)
    {
        var connection = enlistment.Connection;
        if (connection.State != System.Data.ConnectionState.Open)
            throw new InvalidOperationException("The connection the job should be enqueued on is no longer open.");
        EnsureSameDatabase(connection);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var results = await EnqueueOnAsync(connection, requests, prepare: false, cancellationToken).ConfigureAwait(false);
        enlistment.Used = true;
        return results;
    }

    /// <summary>
    /// A job written to another database than the one workers read would never run: refuse it. Only the database names
    /// are compared: the application and the broker may reach one server under different host names.
    /// </summary>
    private void EnsureSameDatabase(NpgsqlConnection connection)
    {
        var ours = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        string database = ours.Database ?? ours.Username ?? "";
        if (!string.Equals(database, connection.Database, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The transaction's connection is to database '{connection.Database}', but the TypedTasks broker uses '{database}': " +
                "a job enqueued there would never run. Use a connection to the broker's database.");
        }
    }
}
