using System.Globalization;
using Npgsql;

namespace TypedTasks.Postgres;

/// <summary>
/// Creates and upgrades the broker's schema with the numbered scripts of <c>Schema/Migrations/</c> (<c>0001_name.sql</c>,
/// …), each applied once and recorded in <c>{schema}.schema_migrations</c>.
/// </summary>
/// <remarks>
/// All pending scripts run in one transaction holding a transaction-level advisory lock keyed on the schema, so two
/// hosts starting at once apply them once (the second waits, then finds nothing to do), and a failed script leaves the
/// schema as it was. A schema newer than the scripts this assembly carries is refused: an older host must not run
/// against tables a newer version changed.
/// </remarks>
internal static class SchemaMigrator
{
    /// <summary>The migrations this assembly carries, by version.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>The newest schema version this assembly knows.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings <paramref name="schema"/> to <see cref="LatestVersion"/>; returns the versions it applied.</summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this assembly knows.</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await CurrentVersionAsync(connection, null, schema, cancellationToken).ConfigureAwait(false) is { } known && known >= LatestVersion)
        {
            EnsureKnown(schema, known);
            return [];
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", cancellationToken, "typedtasks.schema:" + schema)
            .ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            $"CREATE SCHEMA IF NOT EXISTS {schema}; " +
            $"CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);
        int current = await CurrentVersionAsync(connection, transaction, schema, cancellationToken).ConfigureAwait(false) ?? 0;
        EnsureKnown(schema, current);
        var applied = new List<int>();
        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, migration.Sql.Replace("{schema}", schema), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO {schema}.schema_migrations (version, name) VALUES ($1, $2)",
                cancellationToken, migration.Version, migration.Name).ConfigureAwait(false);
            applied.Add(migration.Version);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    private static void EnsureKnown(string schema, int version)
    {
        if (version > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The TypedTasks schema '{schema}' is at version {version}, newer than this TypedTasks.Postgres knows (version {LatestVersion}): " +
                "a newer TypedTasks upgraded it. Upgrade this application's TypedTasks.Postgres package, or point it at another schema (PostgresBrokerOptions.Schema).");
        }
    }

    /// <summary>The schema's version, or <see langword="null"/> when it has no migrations table yet.</summary>
    private static async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT CASE WHEN to_regclass('{schema}.schema_migrations') IS NULL THEN NULL ELSE (SELECT 0) END", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DBNull or null)
            return null;
        await using var max = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_migrations", connection, transaction);
        return Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken,
        params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<Migration> LoadMigrations()
    {
        const string prefix = "TypedTasks.Postgres.Migrations.";
        var migrations = typeof(SchemaMigrator).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                string name = resource[prefix.Length..^".sql".Length];
                int version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture);
                return new Migration(version, name, EmbeddedSql.Read(resource));
            })
            .OrderBy(m => m.Version)
            .ToList();
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Schema migrations must be numbered 1, 2, 3, … without gaps; found {migrations[i].Name} at position {i + 1}.");
        }
        return migrations;
    }

    /// <summary>One numbered schema script.</summary>
    internal sealed record Migration(int Version, string Name, string Sql);
}
