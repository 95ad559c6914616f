using System.Security.Cryptography;

namespace TypedTasks.Dashboard;

/// <summary>
/// The dashboard's CSS and JavaScript, embedded in the assembly and served with a day of caching; pages link them with
/// <see cref="Version"/>, a hash of their bytes, so a browser fetches them again after an upgrade.
/// </summary>
internal static class Assets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> s_assets = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = (Read("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Read("dashboard.js"), "text/javascript; charset=utf-8"),
    };

    public static string Version { get; } = Convert.ToHexString(
        SHA256.HashData(s_assets.Values.SelectMany(asset => asset.Bytes).ToArray()).AsSpan(0, 6)).ToLowerInvariant();

    /// <summary>The versioned path of asset <paramref name="name"/> under the dashboard.</summary>
    public static string Path(string name) => $"assets/{name}?v={Version}";

    public static async Task ServeAsync(DashboardRequest r)
    {
        var response = r.Context.Response;
        if (r.Context.Request.RouteValues["name"] is not string name || !s_assets.TryGetValue(name, out var asset))
        {
            response.StatusCode = 404;
            return;
        }
        response.ContentType = asset.Type;
        response.Headers.CacheControl = "public, max-age=86400";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        await response.Body.WriteAsync(asset.Bytes, r.Aborted).ConfigureAwait(false);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("TypedTasks.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is missing from the assembly; rebuild the package.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
