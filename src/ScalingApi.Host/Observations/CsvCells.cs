using System.Globalization;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Observations;

/// <summary>The typed cells of the CSV layouts; a bad cell is added to the errors (naming column and line) and yields null.</summary>
public static class CsvCells
{
    /// <summary>A step: a positive integer (exponent or decimal forms are refused, not rounded).</summary>
    public static long? Step(ReadOnlySpan<char> text, string field, int line, CappedErrors errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0) return step;
        errors.Add(new FieldError(field, $"must be a positive integer (got '{EchoedValue.Of(text.ToString())}')", line));
        return null;
    }

    /// <summary>A number; non-finite values such as "nan" parse here and are refused by the validator, with the field named.</summary>
    public static double? Number(ReadOnlySpan<char> text, string field, int line, CappedErrors errors)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(new FieldError(field, $"must be a number (got '{EchoedValue.Of(text.ToString())}')", line));
        return null;
    }
}
