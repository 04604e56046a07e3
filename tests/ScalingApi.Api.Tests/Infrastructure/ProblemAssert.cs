using System.Net;
using System.Text.Json;
using Xunit;

namespace ScalingApi.Api.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>
    /// Asserts a problem+json response with the status, whose errors name <paramref name="field"/>
    /// (exact match, or prefix match when it ends with '*') and, if given, a rule containing <paramref name="ruleContains"/>.
    /// </summary>
    public static async Task<JsonElement> Is(HttpResponseMessage response, HttpStatusCode status, string field, string? ruleContains = null, int? line = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body); // no stack trace
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("errors", out var errorList), $"no errors member in {body}");
        var errors = errorList.EnumerateArray().ToList();
        var matching = errors.Where(e => Matches(e.GetProperty("field").GetString()!, field)
                                         && (ruleContains is null || e.GetProperty("rule").GetString()!.Contains(ruleContains, StringComparison.OrdinalIgnoreCase))
                                         && (line is null || (e.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.GetInt32() == line)))
            .ToList();
        Assert.True(matching.Count > 0, $"no error for field '{field}' rule~'{ruleContains}' line {line} in {body}");
        return problem;
    }

    private static bool Matches(string actual, string expected) =>
        expected.EndsWith('*') ? actual.StartsWith(expected[..^1], StringComparison.Ordinal) : actual == expected;
}
