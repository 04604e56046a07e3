using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScalingApi.Api.Tests.Infrastructure;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>
/// Generates the bad-request battery from the OpenAPI document: bad path ids, body shapes and content
/// types, per-property type and value mutations of the documented example (or a skeleton built from the
/// schema), bad query values and headers, and missing/wrong API keys.
/// </summary>
public sealed class BadRequestGenerator(OpenApiDocument document, SeededWorld world)
{
    private const string WrongKey = "wrong-key";
    private static readonly string LongString = new('x', 5_000);

    // ---- path ids ----------------------------------------------------------------------------

    /// <summary>The URL with every parameter at an existing value.</summary>
    public string ExistingUrl(OpenApiOperation op) =>
        op.Parameters.Where(p => p.In == "path").Aggregate(op.PathTemplate, (url, p) => url.Replace($"{{{p.Name}}}", Existing(op, p)));

    private string Existing(OpenApiOperation op, OpenApiParameter p) => p.Name switch
    {
        "jobId" => world.CorpusJobId.ToString(),
        "leaseId" => world.LeaseId.ToString(),
        "name" => world.SavedMixture,
        "kind" => "natural",
        "id" when op.PathTemplate.StartsWith("/api/fits/") => world.FitId.ToString(),
        "id" when op.PathTemplate.StartsWith("/api/sweeps/") => world.SweepId.ToString(),
        _ => world.ExperimentId.ToString(),
    };

    private static IEnumerable<string> Missing(OpenApiParameter p) => p.Format == "uuid" || p.Name == "leaseId"
        ? [Guid.NewGuid().ToString(), "abc", "0", "00000000-0000-0000-0000-000000000000"]
        : p.Type is "integer" or "number"
            ? ["0", "-1", "99999999999", "abc", "99999999999999999999999", "1.5", "1e3"]
            : ["does-not-exist", "abc", Uri.EscapeDataString(new string('y', 3000)), "%2E%2E%2F%2E%2E%2Fetc"];

    /// <summary>The existing URL plus, per path parameter, every missing or malformed value with the others existing.</summary>
    public IEnumerable<(string Url, string Label)> Urls(OpenApiOperation op)
    {
        yield return (ExistingUrl(op), "existing ids");
        foreach (var varied in op.Parameters.Where(p => p.In == "path"))
        foreach (var bad in Missing(varied))
        {
            var url = op.Parameters.Where(p => p.In == "path").Aggregate(op.PathTemplate,
                (u, p) => u.Replace($"{{{p.Name}}}", p == varied ? bad : Existing(op, p)));
            yield return (url, $"{varied.Name}={Shorten(bad)}");
        }
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..20] + $"…({s.Length})";

    // ---- auth --------------------------------------------------------------------------------

    public IEnumerable<BadRequestCase> Auth(IEnumerable<OpenApiOperation> ops)
    {
        foreach (var op in ops.Where(o => o.IsWrite))
        {
            var body = op.HasBody ? RequestBody.Json(Baseline(op).ToJsonString()) : null;
            yield return new(op.Method, ExistingUrl(op), "no API key", body, null, Expectation.Unauthorized);
            yield return new(op.Method, ExistingUrl(op), "wrong API key", body, WrongKey, Expectation.Unauthorized);
            yield return new(op.Method, ExistingUrl(op), "empty API key", body, "", Expectation.Unauthorized);
        }
    }

    // ---- body shapes and content types -------------------------------------------------------

    private static readonly (string Label, RequestBody? Body, bool Malformed, bool AbsentLike)[] Shapes =
    [
        ("no body", null, false, true),
        ("empty json body", RequestBody.Json(""), false, true),
        ("null", RequestBody.Json("null"), false, true),
        ("[]", RequestBody.Json("[]"), false, false),
        ("{}", RequestBody.Json("{}"), false, false),
        ("[null]", RequestBody.Json("[null]"), false, false),
        ("[{}]", RequestBody.Json("[{}]"), false, false),
        ("a number", RequestBody.Json("12"), false, false),
        ("a string", RequestBody.Json("\"text\""), false, false),
        ("truncated json", RequestBody.Json("{\"name\": \"x\", \"domains\": ["), true, false),
        ("lone brace", RequestBody.Json("{"), true, false),
        ("not json", RequestBody.Json("not json at all"), true, false),
        ("trailing comma", RequestBody.Json("{\"a\": 1,}"), true, false),
        ("two documents", RequestBody.Json("{} {}"), true, false),
        ("nested 2000 deep", RequestBody.Json(new string('[', 2000) + new string(']', 2000)), true, false),
        ("invalid utf-8 in a value", new RequestBody([0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D], "application/json"), false, false),
        ("text/plain", RequestBody.Text("hello", "text/plain"), true, false),
        ("text/csv garbage", RequestBody.Text("garbage,,\n\"unterminated\n1,2,3,4,5\n\u0000\u0001", "text/csv"), true, false),
        ("text/csv bad numbers", RequestBody.Text("run,step,domain,loss\nr,1e400,x,NaN\nr,-1,x,-0\nr,abc,,\n", "text/csv"), true, false),
        ("text/csv header only", RequestBody.Text("run,step,domain,loss\n", "text/csv"), false, false),
        ("multipart with nothing", RequestBody.Text("--b\r\n\r\n--b--\r\n", "multipart/form-data; boundary=b"), true, false),
        ("multipart without boundary", RequestBody.Text("x", "multipart/form-data"), true, false),
        ("multipart with an empty part", RequestBody.Text("--b\r\nContent-Disposition: form-data; name=\"ratios\"; filename=\"r.csv\"\r\n\r\n\r\n--b--\r\n", "multipart/form-data; boundary=b"), true, false),
        ("form-urlencoded", RequestBody.Text("a=b&c=%ZZ", "application/x-www-form-urlencoded"), true, false),
        ("json with bogus charset", RequestBody.Text("{}", "application/json; charset=klingon"), false, false),
        ("broken content type", RequestBody.Text("{}", "///;;;"), true, false),
    ];

    public IEnumerable<BadRequestCase> BodyShapes(IEnumerable<OpenApiOperation> ops)
    {
        foreach (var op in ops)
        foreach (var (url, label) in Urls(op))
        {
            if (!op.IsWrite)
            {
                yield return new(op.Method, url, label, null, null, label == "existing ids" ? Expectation.NoCrash : Expectation.ClientError);
                continue;
            }
            foreach (var shape in Shapes)
            {
                var expect = !op.HasBody ? Expectation.NoCrash
                    : shape.Malformed || (shape.AbsentLike && op.BodyRequired) || label != "existing ids" ? Expectation.ClientError
                    : Expectation.NoCrash;
                // a bad id must not be hidden behind a 2xx even when the body is acceptable
                if (label != "existing ids") expect = Expectation.ClientError;
                yield return new(op.Method, url, $"{label}; {shape.Label}", shape.Body, ApiFactory.Key, expect);
            }
        }
    }

    // ---- per-property mutations --------------------------------------------------------------

    /// <summary>The documented example body, or one built from the schema when there is none.</summary>
    public JsonNode Baseline(OpenApiOperation op)
    {
        var baseline = op.JsonBodyExample is { } example ? JsonNode.Parse(example.GetRawText())!
            : op.JsonBodySchema is { } schema ? Skeleton(schema, depth: 0) ?? new JsonObject()
            : new JsonObject();
        // every accepted mutation of the fit example runs a real fit: keep it to one, not 200 bootstrap refits
        if (baseline is JsonObject o && o.ContainsKey("bootstrap")) o["bootstrap"] = 0;
        return baseline;
    }

    private JsonNode? Skeleton(JsonElement schema, int depth)
    {
        schema = document.Resolve(schema);
        if (depth > 5) return null;
        switch (OpenApiDocument.TypeOf(schema))
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var p in properties.EnumerateObject()) obj[p.Name] = Skeleton(p.Value, depth + 1);
                else if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
                    obj["x"] = Skeleton(values, depth + 1);
                return obj;
            case "array":
                return schema.TryGetProperty("items", out var items) ? new JsonArray(Skeleton(items, depth + 1)) : new JsonArray();
            case "integer": return JsonValue.Create(1);
            case "number": return JsonValue.Create(1.0);
            case "boolean": return JsonValue.Create(true);
            case "string": return JsonValue.Create(schema.TryGetProperty("format", out var f) && f.GetString() == "uuid" ? Guid.NewGuid().ToString() : "x");
            default: return null;
        }
    }

    /// <summary>A property of the body: its JSON path (for the request), the name an error should use, and its schema type.</summary>
    private sealed record Target(IReadOnlyList<object> Path, string Name, string? Type);

    private IEnumerable<Target> Targets(JsonNode? node, JsonElement? schema, List<object> path, int depth)
    {
        if (depth > 4) yield break;
        var resolved = schema is { } s ? document.Resolve(s) : (JsonElement?)null;
        if (node is JsonObject obj)
        {
            var properties = resolved is { } r && r.TryGetProperty("properties", out var p) ? p : (JsonElement?)null;
            var names = obj.Select(kv => kv.Key).ToList();
            if (properties is { } ps) names.AddRange(ps.EnumerateObject().Select(x => x.Name).Where(n => !obj.ContainsKey(n)));
            var additional = resolved is { } ra && ra.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object ? ap : (JsonElement?)null;
            foreach (var name in names)
            {
                JsonElement? child = properties is { } pp && pp.TryGetProperty(name, out var c) ? c : additional;
                var childPath = new List<object>(path) { name };
                yield return new Target(childPath, name, child is { } cs ? OpenApiDocument.TypeOf(document.Resolve(cs)) : KindOf(obj[name]));
                foreach (var t in Targets(obj[name], child, childPath, depth + 1)) yield return t;
            }
        }
        else if (node is JsonArray { Count: > 0 } array)
        {
            var items = resolved is { } ri && ri.TryGetProperty("items", out var it) ? it : (JsonElement?)null;
            foreach (var t in Targets(array[0], items, new List<object>(path) { 0 }, depth + 1)) yield return t;
        }
    }

    private static string? KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => null,
    };

    /// <summary>Replacement values as raw JSON; <c>true</c> marks a wrong JSON type (which must be refused naming the field).</summary>
    private static IEnumerable<(string Label, string Raw, bool WrongType)> Replacements(string? type)
    {
        var longString = JsonSerializer.Serialize(LongString);
        switch (type)
        {
            case "integer" or "number":
                yield return ("string for number", "\"abc\"", true);
                yield return ("NaN as string", "\"NaN\"", true);
                yield return ("Infinity as string", "\"Infinity\"", true);
                yield return ("numeric string", "\"1\"", true);
                yield return ("object for number", "{}", true);
                yield return ("array for number", "[1]", true);
                yield return ("bool for number", "true", true);
                yield return ("1e400", "1e400", false);
                yield return ("-1e400", "-1e400", false);
                yield return ("-1", "-1", false);
                yield return ("0", "0", false);
                yield return ("1.5", "1.5", false);
                yield return ("huge integer", "99999999999999999999999", false);
                yield return ("tiny", "1e-320", false);
                yield return ("null", "null", false);
                break;
            case "string":
                yield return ("number for string", "123", true);
                yield return ("object for string", "{}", true);
                yield return ("array for string", "[\"a\"]", true);
                yield return ("bool for string", "false", true);
                yield return ("long string", longString, false);
                yield return ("empty string", "\"\"", false);
                yield return ("unknown enum value", "\"no-such-value\"", false);
                yield return ("control characters", "\"a\\u0000b\\u0007\"", false);
                yield return ("path escape", "\"../../../../etc/passwd\"", false);
                yield return ("null", "null", false);
                break;
            case "boolean":
                yield return ("string for bool", "\"maybe\"", true);
                yield return ("number for bool", "1", true);
                yield return ("object for bool", "{}", true);
                yield return ("null", "null", false);
                break;
            case "array":
                yield return ("object for array", "{}", true);
                yield return ("string for array", "\"abc\"", true);
                yield return ("number for array", "1", true);
                yield return ("empty array", "[]", false);
                yield return ("[null]", "[null]", false);
                yield return ("[string]", "[\"abc\"]", false);
                yield return ("[[]]", "[[]]", false);
                yield return ("[1e400]", "[1e400]", false);
                yield return ("20001 numbers", "[" + string.Join(",", Enumerable.Repeat("-1", 20_001)) + "]", false);
                yield return ("null", "null", false);
                break;
            case "object":
                yield return ("array for object", "[]", true);
                yield return ("string for object", "\"abc\"", true);
                yield return ("number for object", "1", true);
                yield return ("empty object", "{}", false);
                yield return ("unknown member", "{\"no-such-member\": 1}", false);
                yield return ("member with string value", "{\"ArXiv\": \"abc\"}", false);
                yield return ("member with 1e400", "{\"ArXiv\": 1e400}", false);
                yield return ("empty member name", "{\"\": 1}", false);
                yield return ("null", "null", false);
                break;
            default:
                yield return ("string", "\"abc\"", false);
                yield return ("object", "{}", false);
                yield return ("null", "null", false);
                break;
        }
    }

    public IEnumerable<BadRequestCase> Mutations(IEnumerable<OpenApiOperation> ops)
    {
        foreach (var op in ops.Where(o => o.IsWrite && o.JsonBodySchema is not null))
        {
            var url = ExistingUrl(op);
            var baseline = Baseline(op);
            foreach (var target in Targets(baseline, op.JsonBodySchema, [], 0))
            {
                var where = string.Join(".", target.Path);
                foreach (var (label, raw, wrongType) in Replacements(target.Type))
                    yield return new(op.Method, url, $"{where}: {label}", RequestBody.Json(WithRaw(baseline, target.Path, raw)), ApiFactory.Key,
                        wrongType ? Expectation.ClientError : Expectation.NoCrash, wrongType ? target.Name : null);
                yield return new(op.Method, url, $"{where}: removed", RequestBody.Json(WithRaw(baseline, target.Path, null)), ApiFactory.Key, Expectation.NoCrash);
            }
        }
    }

    /// <summary>The body with the value at <paramref name="path"/> replaced by raw JSON text (or removed when null).</summary>
    private static string WithRaw(JsonNode baseline, IReadOnlyList<object> path, string? raw)
    {
        const string Sentinel = "\u0001RAW\u0001";
        var copy = baseline.DeepClone();
        var parent = copy;
        foreach (var step in path.SkipLast(1)) parent = step is int i ? parent![i] : parent![(string)step];
        switch (path[^1], parent)
        {
            case (string name, JsonObject o) when raw is null: o.Remove(name); break;
            case (string name, JsonObject o): o[name] = Sentinel; break;
            case (int index, JsonArray a) when raw is null: a.RemoveAt(index); break;
            case (int index, JsonArray a): a[index] = Sentinel; break;
        }
        var text = copy.ToJsonString();
        return raw is null ? text : text.Replace(JsonSerializer.Serialize(Sentinel), raw);
    }

    // ---- query strings and headers -----------------------------------------------------------

    public IEnumerable<BadRequestCase> QueryAndHeaders(IEnumerable<OpenApiOperation> ops)
    {
        foreach (var op in ops)
        {
            var url = ExistingUrl(op);
            var body = op.HasBody ? RequestBody.Json(Baseline(op).ToJsonString()) : null;
            foreach (var p in op.Parameters.Where(p => p.In is "query" or "header"))
            {
                IEnumerable<(string Value, bool MustFail)> values = p.Type switch
                {
                    "boolean" => [("maybe", true), ("2", true), ("", false), ("TRUE", false)],
                    "integer" or "number" => [("abc", true), ("NaN", p.Type == "integer"), ("1e400", true), ("-1", false), ("0", false),
                        ("99999999999999999999999", true), ("", false), ("Infinity", p.Type == "integer")],
                    // Last-Event-ID is documented as a string but must be an event id (a non-negative integer)
                    _ => [("xyz", p.Name == "Last-Event-ID"), ("-5", p.Name == "Last-Event-ID"), ("99999999999999999999999", p.Name == "Last-Event-ID"),
                        ("", false), (new string('z', 4000), p.Name == "Last-Event-ID"), ("%00", false)],
                };
                foreach (var (value, mustFail) in values)
                {
                    var expect = mustFail ? Expectation.ClientError : Expectation.NoCrash;
                    if (p.In == "query")
                    {
                        var encoded = value == "%00" ? value : Uri.EscapeDataString(value);
                        yield return new(op.Method, $"{url}?{p.Name}={encoded}", $"query {p.Name}={Shorten(value)}", body, ApiFactory.Key, expect,
                            mustFail ? p.Name : null);
                        // the same value twice: a repeated scalar parameter must not crash either
                        yield return new(op.Method, $"{url}?{p.Name}={encoded}&{p.Name}={encoded}", $"query {p.Name} twice", body, ApiFactory.Key,
                            Expectation.NoCrash);
                    }
                    else
                        yield return new(op.Method, url, $"header {p.Name}: {Shorten(value)}", body, ApiFactory.Key, expect, mustFail ? p.Name : null,
                            new Dictionary<string, string> { [p.Name] = value });
                }
            }
        }
    }
}
