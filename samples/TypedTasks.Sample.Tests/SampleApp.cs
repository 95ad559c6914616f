using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TypedTasks.Sample.Web.Mail;
using TypedTasks.Testing;

namespace TypedTasks.Sample.Tests;

/// <summary>The sample web app under WebApplicationFactory with the TypedTasks test kit, its clock at <see cref="Start"/>.</summary>
public sealed class SampleApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2031, 3, 4, 7, 0, 0, TimeSpan.Zero);

    private readonly WebApplicationFactory<Program> _factory;

    public SampleApp(TestMode mode = TestMode.Fake, Action<IServiceCollection>? services = null)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.ConfigureTestServices(s =>
        {
            services?.Invoke(s);
            s.AddTypedTasksTesting(mode, o => o.Clock = new FakeTimeProvider(Start));
        }));
        Http = _factory.CreateClient();
    }

    public HttpClient Http { get; }

    public TaskTestHarness Testing => _factory.Services.GetRequiredService<TaskTestHarness>();

    public Mailbox Mailbox => _factory.Services.GetRequiredService<Mailbox>();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
