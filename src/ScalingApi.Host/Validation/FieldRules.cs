using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>The elementary rules every validator shares, each phrased once.</summary>
public static class FieldRules
{
    public const int MaxNameLength = 200;

    /// <summary>Names appear in CSV bodies and URLs, so separators and control characters are refused.</summary>
    public static void Name(string? value, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new(field, "is required and must not be blank"));
        else if (value.Length > MaxNameLength) errors.Add(new(field, $"must be at most {MaxNameLength} characters"));
        else if (value != value.Trim()) errors.Add(new(field, "must not start or end with whitespace"));
        else if (value.IndexOfAny([',', '"', '\r', '\n', '\t']) >= 0) errors.Add(new(field, "must not contain commas, quotes, tabs or line breaks"));
    }

    public static void PositiveFinite(double? value, string field, List<FieldError> errors)
    {
        if (value is not { } v) return;
        if (!double.IsFinite(v)) errors.Add(new(field, "must be a finite number"));
        else if (v <= 0) errors.Add(new(field, "must be > 0"));
    }
}
