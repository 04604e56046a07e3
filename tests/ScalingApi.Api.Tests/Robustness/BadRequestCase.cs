using System.Net.Http.Headers;
using System.Text;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>What a case demands beyond the universal rules (status &lt; 500, problem+json for 4xx, no leaks).</summary>
public enum Expectation
{
    /// <summary>Only the universal rules: the input may be acceptable (e.g. <c>{}</c> for an all-optional body).</summary>
    NoCrash,
    /// <summary>Must be refused with a 4xx.</summary>
    ClientError,
    /// <summary>Must be 401.</summary>
    Unauthorized,
}

/// <summary>One generated request. <paramref name="Field"/>: when the answer is a 400, its errors must name this field.</summary>
public sealed record BadRequestCase(
    string Method,
    string Url,
    string Description,
    RequestBody? Body,
    string? ApiKey,
    Expectation Expect,
    string? Field = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public override string ToString() => $"{Method} {Shorten(Url)} [{Description}]";

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..150] + $"…({s.Length} chars)";
}

/// <summary>A request body as bytes plus a raw Content-Type header (sent unvalidated, so broken types go out as written).</summary>
public sealed record RequestBody(byte[] Bytes, string? ContentType)
{
    public static RequestBody Json(string text) => new(Encoding.UTF8.GetBytes(text), "application/json");
    public static RequestBody Text(string text, string contentType) => new(Encoding.UTF8.GetBytes(text), contentType);

    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Bytes);
        content.Headers.ContentType = null;
        if (ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        return content;
    }
}
