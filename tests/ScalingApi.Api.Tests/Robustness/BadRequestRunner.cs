using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>Sends generated cases and checks each answer against the product's error standard; collects every failure.</summary>
public static partial class BadRequestRunner
{
    public static async Task<(int Sent, List<string> Failures)> RunAll(HttpClient client, IEnumerable<BadRequestCase> cases)
    {
        var failures = new List<string>();
        var sent = 0;
        var trace = Environment.GetEnvironmentVariable("ROBUSTNESS_TRACE"); // a file to follow a hanging battery with tail -f
        foreach (var c in cases)
        {
            sent++;
            if (trace is not null) await File.AppendAllTextAsync(trace, $"{DateTime.UtcNow:HH:mm:ss.fff} {c}\n");
            var failure = await Run(client, c);
            if (failure is not null) failures.Add($"{c}: {failure}");
        }
        return (sent, failures);
    }

    public static string Report(string battery, int sent, List<string> failures) =>
        $"{battery}: {failures.Count} of {sent} cases broke the error standard:\n" + string.Join("\n", failures.Take(200))
        + (failures.Count > 200 ? $"\n… and {failures.Count - 200} more" : "");

    private static async Task<string?> Run(HttpClient client, BadRequestCase c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url);
        if (c.Body is not null) request.Content = c.Body.ToContent();
        if (c.ApiKey is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", c.ApiKey);
        foreach (var (name, value) in c.Headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e)
        {
            // the in-memory server rethrows what escaped the pipeline; that would be a 500 (or a hang) in production
            return $"request failed: {e.GetType().Name}: {FirstLine(e.Message)}";
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            // an open event stream never ends while the sweep runs: its headers are the answer
            if (mediaType == "text/event-stream") return status < 500 ? Expected(c, status, null) : $"status {status} on an event stream";
            string body;
            try { body = await response.Content.ReadAsStringAsync(timeout.Token); }
            catch (Exception e) { return $"status {status}, body unreadable: {e.GetType().Name}"; }
            return Check(c, status, mediaType, body);
        }
    }

    private static string? Check(BadRequestCase c, int status, string? mediaType, string body)
    {
        if (status >= 500) return $"status {status}: {Clip(body)}";
        if (Leak(body) is { } leak) return $"status {status} leaks '{leak}': {Clip(body)}";
        if (Expected(c, status, body) is { } unexpected) return unexpected;
        if (status < 400) return null;
        if (mediaType != "application/problem+json") return $"status {status} with Content-Type {mediaType ?? "(none)"}: {Clip(body)}";
        JsonElement problem;
        try { problem = JsonDocument.Parse(body).RootElement; }
        catch (JsonException) { return $"status {status}: body is not JSON: {Clip(body)}"; }
        if (!NonEmpty(problem, "title") || !NonEmpty(problem, "detail")) return $"status {status}: problem without title/detail: {Clip(body)}";
        if (!problem.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            return $"status {status}: problem without an errors list: {Clip(body)}";
        foreach (var error in errors.EnumerateArray())
            if (!NonEmpty(error, "field") || !NonEmpty(error, "rule")) return $"status {status}: error without field/rule: {Clip(body)}";
        if (status == 400 && c.Field is { } field
            && !errors.EnumerateArray().Any(e => e.GetProperty("field").GetString()!.Contains(field, StringComparison.OrdinalIgnoreCase)))
            return $"400 does not name '{field}': {Clip(body)}";
        return null;
    }

    private static string? Expected(BadRequestCase c, int status, string? body) => c.Expect switch
    {
        Expectation.Unauthorized when status != 401 => $"expected 401, got {status}: {Clip(body ?? "")}",
        Expectation.ClientError when status is < 400 or >= 500 => $"expected a 4xx, got {status}: {Clip(body ?? "")}",
        _ => null,
    };

    /// <summary>Stack-trace lines and exception type names betray internals (and are a 500 in disguise).</summary>
    private static string? Leak(string body)
    {
        if (body.Contains("   at ", StringComparison.Ordinal)) return "   at ";
        var match = InternalName().Match(body);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"System\.[A-Z][A-Za-z]+|\w*Exception\b|Microsoft\.(AspNetCore|Data|Extensions)\.\w+")]
    private static partial Regex InternalName();

    private static bool NonEmpty(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString());

    private static string Clip(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= 400 ? s : s[..400] + "…";
    }

    private static string FirstLine(string s) => s.Split('\n')[0];
}
