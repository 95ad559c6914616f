#!/usr/bin/env bash
# Packs every library under src/ into a local folder feed and builds consumer projects outside the solution from those
# packages (not project references), exactly as a NuGet user would: the generator and analyzers run from the package,
# the task runs; then a task with a Stream member must fail the build with TT2001; then a second consumer records and
# runs a job with the test kit; then a web app referencing the broker packages and the dashboard runs a job on a
# redis-server of its own through UseRedis and serves the dashboard, which lists the job's queue.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-check.$(date +%s)"   # a fresh version, so the NuGet cache never serves an older build

packed=0
for project in "$root"/src/*/; do
  project="src/$(basename "$project")"
  dotnet pack "$root/$project" -c Release -o "$work/feed" -p:Version="$version" > "$work/pack.log" 2>&1 || { cat "$work/pack.log"; echo "package: dotnet pack $project failed"; exit 1; }
  packed=$((packed + 1))
done
echo "package: packed $packed libraries from src/"
redis_pid=""
trap '[ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT
# The listing comes from Python's zipfile (installed with python3-msgpack), not unzip, which a fresh machine may lack.
listing="$(/usr/bin/python3 -m zipfile -l "$work/feed/TypedTasks.$version.nupkg")" || { echo "package: cannot list TypedTasks.$version.nupkg"; exit 1; }
for component in Generators Analyzers; do
  grep -q "analyzers/dotnet/cs/TypedTasks.$component.dll" <<< "$listing" || { echo "$listing"; echo "package: TypedTasks has no TypedTasks.$component.dll"; exit 1; }
done

mkdir -p "$work/consumer"
cd "$work/consumer"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="typedtasks-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat > Consumer.csproj <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="TypedTasks.Hosting" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.14" />
  </ItemGroup>
</Project>
XML
cat > Program.cs <<'CS'
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedTasks;

var builder = Host.CreateApplicationBuilder();
builder.Services.AddSingleton<Done>();
builder.Services.AddTypedTasks(o => o.UseInMemory()).AddWorker(w => w.Queue("default", concurrency: 2));
using var host = builder.Build();
await host.StartAsync();
await new Greet("package").PerformAsync();
string said = await host.Services.GetRequiredService<Done>().Said.Task.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine(said);
await host.StopAsync();

public sealed class Done { public TaskCompletionSource<string> Said { get; } = new(); }

public partial record Greet(string Who) : IBacktask
{
    public Task RunAsync(Done done)
    {
        done.Said.TrySetResult($"hello from the {Who} consumer");
        return Task.CompletedTask;
    }
}
CS
dotnet build -c Release > "$work/build.log" 2>&1 || { grep -E "error|warning" "$work/build.log" | sort -u | head -30; echo "package: the consumer does not build"; exit 1; }
output="$(dotnet run -c Release --no-build)" || { echo "$output"; echo "package: the consumer failed"; exit 1; }
echo "$output" | grep -qx "hello from the package consumer" || { echo "$output"; echo "package: the task did not run"; exit 1; }
echo "package: the consumer built from the packages ran its task"

cat > Upload.cs <<'CS'
public partial record Upload(string Name, System.IO.Stream Content) : TypedTasks.IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}
CS
if dotnet build -c Release > "$work/build2.log" 2>&1; then
  echo "package: a task with a Stream member built, but TT2001 should have failed it"; exit 1
fi
grep -q "error TT2001" "$work/build2.log" && grep -q "Content" "$work/build2.log" || { grep -E "error" "$work/build2.log" | head; echo "package: no TT2001 naming the member"; exit 1; }
echo "package: the packaged analyzer reports $(grep -o 'error TT2001: [^[]*' "$work/build2.log" | head -1)"

mkdir -p "$work/kit"
cd "$work/kit"
cp ../consumer/nuget.config .
sed -e 's/TypedTasks.Hosting" Version/TypedTasks.Testing" Version/' ../consumer/Consumer.csproj > KitConsumer.csproj
cat > Program.cs <<'CS'
using Microsoft.Extensions.DependencyInjection;
using TypedTasks;
using TypedTasks.Testing;

var services = new ServiceCollection();
services.AddSingleton<Said>();
services.AddTypedTasks(o => o.UseInMemory());
services.AddTypedTasksTesting();
await using var provider = services.BuildServiceProvider();
var testing = provider.GetRequiredService<TaskTestHarness>();
await new Greet("kit").PerformIn(TimeSpan.FromMinutes(1));
testing.AssertEnqueued<Greet>(t => t.Who == "kit");
await testing.RunDueAsync(TimeSpan.FromMinutes(1));
Console.WriteLine(provider.GetRequiredService<Said>().Text);

public sealed class Said { public string Text { get; set; } = "nothing ran"; }

public partial record Greet(string Who) : IBacktask
{
    public Task RunAsync(Said said)
    {
        said.Text = $"hello from the {Who} consumer";
        return Task.CompletedTask;
    }
}
CS
dotnet build -c Release > "$work/kit-build.log" 2>&1 || { grep -E "error|warning" "$work/kit-build.log" | sort -u | head -30; echo "package: the test kit consumer does not build"; exit 1; }
output="$(dotnet run -c Release --no-build)" || { echo "$output"; echo "package: the test kit consumer failed"; exit 1; }
echo "$output" | grep -qx "hello from the kit consumer" || { echo "$output"; echo "package: the test kit did not run the job"; exit 1; }
echo "package: the test kit from its package recorded and ran a job"

mkdir -p "$work/web"
cd "$work/web"
cp ../consumer/nuget.config .
brokers=""
for broker in "$root"/src/TypedTasks.*/; do
  name="$(basename "$broker")"
  case "$name" in TypedTasks.Hosting|TypedTasks.Testing) continue ;; esac
  brokers="$brokers    <PackageReference Include=\"$name\" Version=\"$version\" />
"
done
# The first consumer's project as a web app, with the broker and dashboard packages beside TypedTasks.Hosting.
sed -e 's/Microsoft.NET.Sdk"/Microsoft.NET.Sdk.Web"/' -e '/<OutputType>/d' -e '/Microsoft.Extensions.Hosting"/d' ../consumer/Consumer.csproj \
  | BROKERS="$brokers" awk '{ print } /TypedTasks.Hosting" Version/ { printf "%s", ENVIRON["BROKERS"] }' > Web.csproj
# Postgres is compiled against (its extension must exist in the package) but only Redis is started here.
cat > Program.cs <<'CS'
using TypedTasks;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddSingleton<Done>();
builder.Services.AddTypedTasksDashboard();
builder.Services
    .AddTypedTasks(o => { if (args[0] == "postgres") o.UsePostgres(args[1]); else o.UseRedis(args[1]); })
    .AddWorker(w => w.Queue("packaged", concurrency: 2));
var app = builder.Build();
app.MapTypedTasksDashboard();
await app.StartAsync();
await new Greet("web").PerformAsync();
string said = await app.Services.GetRequiredService<Done>().Said.Task.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine(said);
using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
string page = await http.GetStringAsync("/typedtasks/");
Console.WriteLine(page.Contains("packaged", StringComparison.Ordinal) ? "the dashboard lists the queue" : page);
await app.StopAsync();

public sealed class Done { public TaskCompletionSource<string> Said { get; } = new(); }

[Backtask(Queue = "packaged")]
public partial record Greet(string Who) : IBacktask
{
    public Task RunAsync(Done done)
    {
        done.Said.TrySetResult($"hello from the {Who} consumer");
        return Task.CompletedTask;
    }
}
CS
dotnet build -c Release > "$work/web-build.log" 2>&1 || { grep -E "error|warning" "$work/web-build.log" | sort -u | head -30; echo "package: the web consumer of the broker packages does not build"; exit 1; }
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.1; done
output="$(dotnet run -c Release --no-build -- redis "127.0.0.1:$port")" || { echo "$output"; echo "package: the web consumer failed"; exit 1; }
echo "$output" | grep -qx "hello from the web consumer" || { echo "$output"; echo "package: the job did not run on Redis"; exit 1; }
echo "$output" | grep -qx "the dashboard lists the queue" || { echo "$output"; echo "package: the dashboard did not list the queue"; exit 1; }
echo "package: a web app from the broker and dashboard packages ran a job on Redis and its dashboard listed the queue"
