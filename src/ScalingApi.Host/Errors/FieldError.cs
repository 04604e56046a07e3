namespace ScalingApi.Host.Errors;

/// <summary>One broken rule: which field (JSON path or CSV column) and what the rule is.</summary>
/// <param name="Line">1-based line of a CSV body (the header is line 1); null for JSON.</param>
public sealed record FieldError(
    string Field,
    string Rule,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? Line = null);
