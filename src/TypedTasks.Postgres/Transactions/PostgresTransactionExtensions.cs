using System.Data;
using System.Data.Common;
using Npgsql;

namespace TypedTasks.Postgres;

/// <summary>
/// Transactional enqueue: a job enqueued through the returned client is a row written in the application's own
/// transaction, so it exists only if that transaction commits (and workers are notified only then).
/// </summary>
/// <example>
/// <code>
/// await using var tx = await connection.BeginTransactionAsync();          // Npgsql or Dapper
/// await connection.ExecuteAsync("INSERT INTO orders ...", order, tx);
/// await new SendReceipt(order.Id).PerformAsync(client.WithTransaction(tx));
/// await tx.CommitAsync();
///
/// await using var tx = await db.Database.BeginTransactionAsync();        // EF Core
/// db.Orders.Add(order);
/// await db.SaveChangesAsync();
/// await new SendReceipt(order.Id).PerformAsync(client.WithTransaction(tx.GetDbTransaction()));
/// await tx.CommitAsync();
/// </code>
/// </example>
public static class PostgresTransactionExtensions
{
    /// <summary>
    /// A client whose enqueues join <paramref name="transaction"/> (an <see cref="NpgsqlTransaction"/>; from EF Core,
    /// <c>tx.GetDbTransaction()</c>). The client's broker must be the <see cref="PostgresBroker"/> of the same database.
    /// </summary>
    /// <exception cref="ArgumentException">The transaction is not an open Npgsql transaction.</exception>
    public static ITaskClient WithTransaction(this ITaskClient client, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction is not NpgsqlTransaction npgsql)
            throw new ArgumentException($"Transactional enqueue needs an NpgsqlTransaction; got {transaction.GetType().Name}.", nameof(transaction));
        var connection = npgsql.Connection
            ?? throw new ArgumentException("The transaction has already been committed or rolled back; enqueue before you commit.", nameof(transaction));
        return new EnlistedTaskClient(client, connection);
    }

    /// <summary>
    /// A client whose enqueues run on <paramref name="connection"/> (an open <see cref="NpgsqlConnection"/>), inside
    /// whatever transaction is open on it — the one EF Core's <c>db.Database.BeginTransaction()</c> started, for
    /// instance — or committed at once when none is.
    /// </summary>
    /// <exception cref="ArgumentException">The connection is not an open Npgsql connection.</exception>
    public static ITaskClient WithConnection(this ITaskClient client, DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not NpgsqlConnection npgsql)
            throw new ArgumentException($"Transactional enqueue needs an NpgsqlConnection; got {connection.GetType().Name}.", nameof(connection));
        if (npgsql.State != ConnectionState.Open)
            throw new ArgumentException("The connection is not open: open it (and begin the transaction the jobs should join) first.", nameof(connection));
        return new EnlistedTaskClient(client, npgsql);
    }
}
