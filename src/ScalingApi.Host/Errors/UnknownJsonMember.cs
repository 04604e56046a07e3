using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScalingApi.Host.Errors;

/// <summary>
/// A request body member its contract does not have (refused by <c>UnmappedMemberHandling.Disallow</c>,
/// so a misspelt <c>"hold_out"</c> cannot silently mean "no hold-out"), described with the members the
/// object does have. System.Text.Json reports it only as a <see cref="JsonException"/> whose message
/// names the member and the .NET type; the type is looked up to list its JSON names and never shown.
/// </summary>
public static partial class UnknownJsonMember
{
    public static FieldError? Describe(JsonException json, string field, JsonSerializerOptions options)
    {
        var match = Unmapped().Match(json.Message);
        if (!match.Success) return null;
        var known = KnownMembers(match.Groups["type"].Value, options);
        var rule = $"unknown field '{EchoedValue.Of(match.Groups["member"].Value)}': unknown fields are refused so a misspelling is not silently ignored"
                   + (known is null ? " (see /swagger)" : $"; the fields here are {known}");
        return new FieldError(field, rule);
    }

    private static string? KnownMembers(string typeName, JsonSerializerOptions options)
    {
        var type = typeof(Contracts.CreateFitRequest).Assembly.GetType(typeName) ?? typeof(UnknownJsonMember).Assembly.GetType(typeName);
        if (type is null || !options.TryGetTypeInfo(type, out var info) || info.Properties.Count == 0) return null;
        return string.Join(", ", info.Properties.Select(p => p.Name));
    }

    // System.Text.Json's resource text for UnmappedMemberHandling.Disallow
    [GeneratedRegex("^The JSON property '(?<member>.*)' could not be mapped to any \\.NET member contained in type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex Unmapped();
}
