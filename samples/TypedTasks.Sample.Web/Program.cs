using TypedTasks;
using TypedTasks.Sample.Web.Mail;
using TypedTasks.Sample.Web.Tasks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<IMailer, LogMailer>();
builder.Services.AddSingleton<Mailbox>();
builder.Services.AddTypedTasks(builder.Configuration)                 // in memory unless TypedTasks:Redis is set
    .AddWorker(w => w
        .Queue("default")
        .Queue("mail", concurrency: 4)
        .Schedule(new SendDigest(), "0 8 * * *"));                    // every day at 08:00 UTC

var app = builder.Build();

// An injected ITaskClient...
app.MapPost("/signups", async (Signup signup, ITaskClient tasks) =>
{
    JobId id = await new SendWelcomeEmail(signup.Email).PerformAsync(tasks);
    return Results.Accepted(value: new { job = id.Value });
});

// ...or TaskClient.Default, through the parameterless PerformIn: the receipt goes out ten minutes after the order.
app.MapPost("/orders/{orderId}/receipt", async (string orderId) =>
{
    JobId id = await new SendReceipt(orderId).PerformIn(TimeSpan.FromMinutes(10));
    return Results.Accepted(value: new { job = id.Value });
});

app.Run();

/// <summary>The body of <c>POST /signups</c>.</summary>
public sealed record Signup(string Email);

/// <summary>The application's entry point, public so tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
