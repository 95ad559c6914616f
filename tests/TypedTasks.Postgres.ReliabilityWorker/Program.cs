using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TypedTasks;
using TypedTasks.Hosting;
using TypedTasks.Postgres;
using TypedTasks.Postgres.ReliabilityWorker;
using TypedTasks.ReliabilityWorkerSupport;

// worker:                      --postgres <connection string> --schema s [--concurrency n] [--max-stalls n]
// enqueue in a transaction:    --postgres <connection string> --schema s --hold-transaction <number>
//   prints "enqueued <job id>" with the transaction still open, then waits to be killed.
var commandLine = new WorkerCommandLine(args);
string postgres = commandLine.Required("--postgres");
string schema = commandLine.Option("--schema") ?? "rel";
int concurrency = commandLine.Number("--concurrency", 8);
int maxStalls = commandLine.Number("--max-stalls", 2);
var brokerOptions = new PostgresBrokerOptions { Schema = schema, RecoverInterval = TimeSpan.FromMilliseconds(500), MaxStalls = maxStalls };

if (commandLine.Option("--hold-transaction") is { } held)
{
    await using var dataSource = NpgsqlDataSource.Create(postgres);
    await using var broker = new PostgresBroker(dataSource, brokerOptions);
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    var id = await new Record(int.Parse(held), 0).PerformAsync(new BrokerTaskClient(broker).WithTransaction(transaction));
    Console.WriteLine($"enqueued {id}");
    await Task.Delay(Timeout.Infinite);
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
builder.Services.AddSingleton(sp => new RunLog(sp.GetRequiredService<NpgsqlDataSource>(), schema));
builder.Services
    .AddTypedTasks(o => o.UseBroker(sp => new PostgresBroker(sp.GetRequiredService<NpgsqlDataSource>(), brokerOptions, sp.GetService<ILoggerFactory>()), "PostgreSQL"))
    .AddWorker(w => ReliabilityTimings.ServeDefaultQueue(w, concurrency));
using var host = builder.Build();
await host.Services.GetRequiredService<RunLog>().CreateAsync();
Console.WriteLine("ready");
await host.RunAsync();
