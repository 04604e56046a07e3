using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScalingApi.Host.Errors;

/// <summary>
/// The framework errors .NET describes only in words, read here and nowhere else. Minimal APIs throw a plain
/// <see cref="BadHttpRequestException"/> both for a route or query value that does not convert and for a missing
/// body, without the parameter, its value or the reason as properties; System.Text.Json names a missing required
/// member or a member its contract lacks only in <see cref="JsonException.Message"/>. Each pattern is the
/// framework's resource text; the error tests (one per case) notice when a .NET update rewords one. Where .NET gives
/// a type or a status code (a JSON body error, 413, 415) <see cref="ProblemExceptionHandler"/> uses that instead.
/// </summary>
public static partial class FrameworkMessages
{
    /// <summary>The parameter and the value of a route or query value that does not convert to the parameter's type.</summary>
    public static (string Name, string Value)? BindFailure(BadHttpRequestException exception) =>
        BindFailurePattern().Match(exception.Message) is { Success: true } bind ? (bind.Groups["name"].Value, bind.Groups["value"].Value) : null;

    /// <summary>True when a handler that needs a body was sent none.</summary>
    public static bool IsMissingBody(BadHttpRequestException exception) =>
        exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
        || exception.Message.StartsWith("Required parameter", StringComparison.Ordinal) && exception.Message.Contains("request body");

    /// <summary>The JSON name of a required member the body lacks.</summary>
    public static string? MissingJsonMember(JsonException exception) =>
        MissingMemberPattern().Match(exception.Message) is { Success: true } missing ? missing.Groups[1].Value : null;

    /// <summary>A member the body has and its contract does not (refused by <c>UnmappedMemberHandling.Disallow</c>), with the contract's .NET type name.</summary>
    public static (string Member, string TypeName)? UnmappedJsonMember(JsonException exception) =>
        UnmappedPattern().Match(exception.Message) is { Success: true } match ? (match.Groups["member"].Value, match.Groups["type"].Value) : null;

    /// <summary>The serializer's first sentence without .NET type names, which mean nothing to a client and expose internals.</summary>
    public static string Readable(JsonException exception)
    {
        var cut = exception.Message.IndexOf(". Path:", StringComparison.Ordinal);
        var sentence = cut > 0 ? exception.Message[..cut] : exception.Message;
        sentence = ConvertedToType().Replace(sentence, "does not have the documented JSON type");
        return DotNetTypeName().Replace(sentence, "the documented type");
    }

    // 'Failed to bind parameter "Nullable<long> after" from "abc".' — the type is an internal name, the parameter is the field
    [GeneratedRegex("^Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>[\\w-]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex BindFailurePattern();

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingMemberPattern();

    [GeneratedRegex("^The JSON property '(?<member>.*)' could not be mapped to any \\.NET member contained in type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex(@"could not be converted to \S+")]
    private static partial Regex ConvertedToType();

    [GeneratedRegex(@"\b(System|ScalingApi|Microsoft)\.[\w.`\[\],]+")]
    private static partial Regex DotNetTypeName();
}
