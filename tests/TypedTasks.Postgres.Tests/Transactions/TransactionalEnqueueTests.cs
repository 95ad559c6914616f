using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using TypedTasks.Brokers;
using Record = TypedTasks.Postgres.ReliabilityWorker.Record;
using Xunit;

namespace TypedTasks.Postgres.Tests.Transactions;

/// <summary>A job enqueued in the application's transaction exists only if that transaction commits.</summary>
public sealed class TransactionalEnqueueTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    private static FetchRequest Fetch(string queue) => new() { Queues = [queue], Count = 10 };

    private static string NewQueue() => "tx-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_job_enqueued_in_a_rolled_back_transaction_never_exists()
    {
        var broker = postgres.NewBroker();
        var client = new BrokerTaskClient(broker);
        string queue = NewQueue();
        await using var connection = await postgres.DataSource.OpenConnectionAsync();

        JobId id;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            id = await new SendReceipt(1).PerformAsync(client.WithTransaction(transaction), queue);
            Assert.NotNull(await QueryJobAsync(connection, id));
            Assert.Null(await broker.GetJobAsync(id));
            await transaction.RollbackAsync();
        }

        Assert.Null(await broker.GetJobAsync(id));
        Assert.Empty((await broker.FetchAsync(Fetch(queue))).Jobs);
    }

    [Fact]
    public async Task Jobs_enqueued_in_bulk_in_a_transaction_exist_only_after_its_commit()
    {
        var broker = postgres.NewBroker();
        var client = new BrokerTaskClient(broker);
        string queue = NewQueue();
        await using var connection = await postgres.DataSource.OpenConnectionAsync();

        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await client.WithTransaction(rolledBack).PerformManyAsync(new[] { new SendReceipt(3), new SendReceipt(4) }, queue);
            await rolledBack.RollbackAsync();
        }
        Assert.Empty((await broker.FetchAsync(Fetch(queue))).Jobs);

        await using var committed = await connection.BeginTransactionAsync();
        var ids = await client.WithTransaction(committed).PerformManyAsync(new[] { new SendReceipt(5), new SendReceipt(6) }, queue);
        Assert.Empty((await broker.FetchAsync(Fetch(queue))).Jobs);
        await committed.CommitAsync();

        Assert.Equal(ids, (await broker.FetchAsync(Fetch(queue))).Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_job_enqueued_in_a_committed_transaction_runs_and_wakes_workers_at_commit()
    {
        var broker = postgres.NewBroker();
        var client = new BrokerTaskClient(broker);
        string queue = NewQueue();
        await broker.WaitForWorkAsync([queue], TimeSpan.FromMilliseconds(1));
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var id = await new SendReceipt(2).PerformAsync(client.WithTransaction(transaction), queue);
        // Uncommitted, the job neither ends a wait (it runs to its own timeout) nor can be fetched.
        Assert.False(await broker.WaitForWorkAsync([queue], TimeSpan.FromMilliseconds(200)));
        Assert.Empty((await broker.FetchAsync(Fetch(queue))).Jobs);
        var wait = broker.WaitForWorkAsync([queue], TimeSpan.FromSeconds(5)).AsTask();
        await transaction.CommitAsync();

        Assert.True(await wait.WaitAsync(s_bound));
        Assert.Equal(id, Assert.Single((await broker.FetchAsync(Fetch(queue))).Jobs).Id);
    }

    [Fact]
    public async Task A_job_whose_process_is_killed_before_the_commit_never_exists()
    {
        string schema = "kill_" + Guid.NewGuid().ToString("N")[..8];
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = schema });
        await broker.MigrateAsync();
        string worker = typeof(Record).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { worker, "--postgres", postgres.Server.ConnectionString, "--schema", schema, "--hold-transaction", "7" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("enqueued ", line);
        var id = new JobId(line!["enqueued ".Length..]);
        Assert.Null(await broker.GetJobAsync(id));

        process.Kill();
        await process.WaitForExitAsync();

        // The server ends the dead client's transaction once it sees the connection close: wait for that, then look.
        await WaitForBackendsToEndAsync(schema);
        Assert.Null(await broker.GetJobAsync(id));
        Assert.Empty((await broker.FetchAsync(Fetch("default"))).Jobs);
    }

    [Fact]
    public async Task An_EF_Core_transaction_carries_the_order_and_its_job_together()
    {
        var broker = postgres.NewBroker();
        var client = new BrokerTaskClient(broker);
        string queue = NewQueue();
        var options = new DbContextOptionsBuilder<ShopContext>().UseNpgsql(postgres.DataSource).Options;
        await using (var setup = new ShopContext(options))
            await setup.Database.ExecuteSqlRawAsync(ShopContext.CreateSql);

        JobId rolledBack, committed;
        await using (var db = new ShopContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Orders.Add(new Order { Customer = "rolled back" });
            await db.SaveChangesAsync();
            rolledBack = await new SendReceipt(3).PerformAsync(client.WithTransaction(transaction.GetDbTransaction()), queue);
            await transaction.RollbackAsync();
        }
        await using (var db = new ShopContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var order = new Order { Customer = "committed" };
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            committed = await new SendReceipt(order.Id).PerformAsync(client.WithConnection(db.Database.GetDbConnection()), queue);
            await transaction.CommitAsync();
        }

        await using (var db = new ShopContext(options))
            Assert.Equal(["committed"], await db.Orders.Select(o => o.Customer).ToListAsync());
        Assert.Null(await broker.GetJobAsync(rolledBack));
        Assert.Equal(committed, Assert.Single((await broker.FetchAsync(Fetch(queue))).Jobs).Id);
    }

    [Fact]
    public async Task Transactional_enqueue_through_another_broker_is_refused()
    {
        var client = new BrokerTaskClient(new InMemoryBroker());
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SendReceipt(4).PerformAsync(client.WithTransaction(transaction)).AsTask());

        Assert.Contains("not a PostgresBroker", error.Message);
    }

    [Fact]
    public async Task A_transaction_on_another_database_is_refused_before_anything_is_written()
    {
        await using (var create = postgres.DataSource.CreateCommand("CREATE DATABASE other_app"))
            await create.ExecuteNonQueryAsync();
        var client = new BrokerTaskClient(postgres.NewBroker());
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = "other_app" }.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SendReceipt(5).PerformAsync(client.WithTransaction(transaction)).AsTask());

        Assert.Contains("would never run", error.Message);
    }

    [Fact]
    public async Task A_transaction_on_the_same_database_under_another_host_name_is_accepted()
    {
        var broker = postgres.NewBroker();
        string queue = NewQueue();
        var alias = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Host = "localhost" };
        await using var connection = new NpgsqlConnection(alias.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var id = await new SendReceipt(6).PerformAsync(new BrokerTaskClient(broker).WithTransaction(transaction), queue);
        await transaction.CommitAsync();

        Assert.Equal(id, Assert.Single((await broker.FetchAsync(Fetch(queue))).Jobs).Id);
    }

    private static async Task<object?> QueryJobAsync(NpgsqlConnection connection, JobId id)
    {
        await using var command = new NpgsqlCommand("SELECT state FROM typedtasks.jobs WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Value });
        return await command.ExecuteScalarAsync();
    }

    private async Task WaitForBackendsToEndAsync(string schema)
    {
        var deadline = DateTime.UtcNow + s_bound;
        while (true)
        {
            await using var command = postgres.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'");
            if ((long)(await command.ExecuteScalarAsync())! == 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"a transaction of the killed process ({schema}) is still open");
            await Task.Delay(50);
        }
    }
}
