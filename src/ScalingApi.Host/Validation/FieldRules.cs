using ScalingApi.Corpora.Tokenization;
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
        else if (value.Any(IsHidden))
            errors.Add(new(field, "must not contain control characters (U+0000–U+001F, U+007F–U+009F) or bidi-override characters (U+202A–U+202E, U+2066–U+2069)"));
    }

    /// <summary>
    /// Characters that print as nothing or reorder what follows, so a name would not read as what it is
    /// in a terminal, a log or a CSV (U+202E turns "evil\u202Egpj.exe" into "evilexe.jpg").
    /// </summary>
    private static bool IsHidden(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>A tokenizer id the catalog knows (null: the default applies).</summary>
    public static void Tokenizer(string? id, string field, List<FieldError> errors)
    {
        if (id is not null && !TokenizerCatalog.TryGet(id, out _))
            errors.Add(new(field, $"unknown tokenizer '{EchoedValue.Of(id)}'; known: {string.Join(", ", TokenizerCatalog.KnownIds)}"));
    }

    public static void NonNegativeFinite(double value, string field, List<FieldError> errors)
    {
        if (!double.IsFinite(value)) errors.Add(new(field, "must be a finite number"));
        else if (value < 0) errors.Add(new(field, "must be ≥ 0"));
    }

    public static void PositiveFinite(double? value, string field, List<FieldError> errors)
    {
        if (value is not { } v) return;
        if (!double.IsFinite(v)) errors.Add(new(field, "must be a finite number"));
        else if (v <= 0) errors.Add(new(field, "must be > 0"));
    }
}
