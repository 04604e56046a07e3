using System.Text.Json;

namespace ScalingApi.Api.Tests.Robustness;

public sealed record OpenApiParameter(string Name, string In, string? Type, string? Format);

/// <summary>One path + method of the service's own OpenAPI document, with what the generators need from it.</summary>
public sealed record OpenApiOperation(
    string Method,
    string PathTemplate,
    IReadOnlyList<OpenApiParameter> Parameters,
    JsonElement? JsonBodySchema,
    JsonElement? JsonBodyExample,
    IReadOnlyList<string> BodyContentTypes,
    bool BodyRequired)
{
    public bool HasBody => BodyContentTypes.Count > 0;
    public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");
    public override string ToString() => $"{Method} {PathTemplate}";
}

/// <summary>Reads operations and resolves <c>$ref</c>s in the document served at /swagger/v1/swagger.json.</summary>
public sealed class OpenApiDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public IReadOnlyList<OpenApiOperation> Operations()
    {
        var operations = new List<OpenApiOperation>();
        foreach (var path in Root.GetProperty("paths").EnumerateObject())
        foreach (var method in path.Value.EnumerateObject())
        {
            if (method.Name is "parameters" or "summary" or "description") continue;
            var op = method.Value;
            var parameters = new List<OpenApiParameter>();
            foreach (var source in new[] { path.Value, op })
                if (source.TryGetProperty("parameters", out var list))
                    foreach (var p in list.EnumerateArray())
                    {
                        var schema = p.TryGetProperty("schema", out var s) ? Resolve(s) : default;
                        parameters.Add(new OpenApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                            schema.ValueKind == JsonValueKind.Object ? TypeOf(schema) : null,
                            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f) ? f.GetString() : null));
                    }
            JsonElement? bodySchema = null, bodyExample = null;
            var contentTypes = new List<string>();
            var required = false;
            if (op.TryGetProperty("requestBody", out var body) && Resolve(body).TryGetProperty("content", out var content))
            {
                required = Resolve(body).TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
                foreach (var media in content.EnumerateObject())
                {
                    contentTypes.Add(media.Name);
                    if (!media.Name.Contains("json")) continue;
                    if (media.Value.TryGetProperty("schema", out var schema)) bodySchema ??= Resolve(schema);
                    if (media.Value.TryGetProperty("example", out var example)) bodyExample ??= example;
                }
            }
            operations.Add(new OpenApiOperation(method.Name.ToUpperInvariant(), path.Name, parameters, bodySchema, bodyExample, contentTypes, required));
        }
        return operations;
    }

    /// <summary>Follows <c>$ref</c> (and a single-entry <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c> wrapper) to the schema itself.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var guard = 0; guard < 10; guard++)
        {
            if (schema.ValueKind != JsonValueKind.Object) return schema;
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var node = Root;
                foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/')) node = node.GetProperty(part);
                schema = node;
                continue;
            }
            var wrapped = new[] { "allOf", "oneOf", "anyOf" }
                .Select(k => schema.TryGetProperty(k, out var list) ? list.EnumerateArray().Where(e => !IsNullSchema(e)).ToList() : null)
                .FirstOrDefault(l => l is { Count: 1 });
            if (wrapped is not null && !schema.TryGetProperty("properties", out _)) { schema = wrapped[0]; continue; }
            return schema;
        }
        return schema;
    }

    private static bool IsNullSchema(JsonElement e) => e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    /// <summary>The schema's JSON type, ignoring "null" in OpenAPI 3.1 type arrays; null when untyped.</summary>
    public static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        if (!schema.TryGetProperty("type", out var type))
            return schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _) ? "object" : null;
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }
}
