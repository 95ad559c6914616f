using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace TypedTasks.Dashboard;

/// <summary>Markup written as is: only the dashboard's own templates make it, never a value from a job.</summary>
internal readonly record struct RawHtml(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// Builds a page: the literal parts of an interpolated string are markup, every hole is HTML-encoded unless it is
/// <see cref="RawHtml"/>, so a payload or an error holding <c>&lt;script&gt;</c> is text on the page.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _text = new(8192);

    public Html Add([InterpolatedStringHandlerArgument("")] ref Handler html) => this;

    public Html Add(RawHtml html)
    {
        _text.Append(html.Value);
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>An HTML-encoded value, for a template that builds markup in pieces.</summary>
    public static RawHtml Encode(string? value) => new(value is null ? "" : HtmlEncoder.Default.Encode(value));

    /// <summary>Markup made from a template (its holes encoded).</summary>
    public static RawHtml Of(ref Handler html) => new(html.Text);

    [InterpolatedStringHandler]
    public ref struct Handler
    {
        private readonly StringBuilder _text;

        public Handler(int literalLength, int formattedCount, Html html) => _text = html._text;

        public Handler(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

        internal readonly string Text => _text.ToString();

        public readonly void AppendLiteral(string literal) => _text.Append(literal);

        public readonly void AppendFormatted(RawHtml html) => _text.Append(html.Value);

        public readonly void AppendFormatted(string? value) => Append(value);

        public readonly void AppendFormatted<T>(T value) =>
            Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

        public readonly void AppendFormatted<T>(T value, string format) where T : IFormattable =>
            Append(value.ToString(format, CultureInfo.InvariantCulture));

        private readonly void Append(string? value)
        {
            if (!string.IsNullOrEmpty(value))
                _text.Append(HtmlEncoder.Default.Encode(value));
        }
    }
}
