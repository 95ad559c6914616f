using Microsoft.EntityFrameworkCore;

namespace TypedTasks.Postgres.Tests.Transactions;

/// <summary>The job an order's transaction enqueues.</summary>
public partial record SendReceipt(int OrderId) : IBacktask
{
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class Order
{
    public int Id { get; set; }

    public string Customer { get; set; } = "";
}

/// <summary>An application's EF Core context, with its table in the <c>shop</c> schema.</summary>
public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public const string CreateSql = "CREATE SCHEMA IF NOT EXISTS shop; CREATE TABLE IF NOT EXISTS shop.\"Orders\" (\"Id\" serial PRIMARY KEY, \"Customer\" text NOT NULL)";

    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema("shop");
}
