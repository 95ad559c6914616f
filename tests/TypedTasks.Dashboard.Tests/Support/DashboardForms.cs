using System.Net;
using System.Text.RegularExpressions;

namespace TypedTasks.Dashboard.Tests.Support;

/// <summary>Posts a dashboard form as a browser does: the token from the page's form and the antiforgery cookie.</summary>
public static partial class DashboardForms
{
    /// <summary>GETs <paramref name="page"/>, then POSTs <paramref name="fields"/> to <paramref name="action"/> with the page's token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string page, string action, params (string Name, string Value)[] fields)
    {
        using var response = await http.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        var token = TokenField().Match(html);
        Assert.True(token.Success, "the page has no antiforgery field");
        string cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new(token.Groups["name"].Value, WebUtility.HtmlDecode(token.Groups["value"].Value)));
        using var post = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) };
        post.Headers.Add("Cookie", cookie);
        return await http.SendAsync(post);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)">""")]
    private static partial Regex TokenField();
}
