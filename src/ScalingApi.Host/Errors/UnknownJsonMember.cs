using System.Text.Json;

namespace ScalingApi.Host.Errors;

/// <summary>
/// A request body member its contract does not have (refused by <c>UnmappedMemberHandling.Disallow</c>,
/// so a misspelt <c>"hold_out"</c> cannot silently mean "no hold-out"), described with the members the
/// object does have. The .NET type named by the serializer is looked up to list its JSON names and never shown.
/// </summary>
public static class UnknownJsonMember
{
    public static FieldError? Describe(JsonException json, string field, JsonSerializerOptions options)
    {
        if (FrameworkMessages.UnmappedJsonMember(json) is not var (member, typeName)) return null;
        var known = KnownMembers(typeName, options);
        var rule = $"unknown field '{EchoedValue.Of(member)}': unknown fields are refused so a misspelling is not silently ignored"
                   + (known is null ? " (see /swagger)" : $"; the fields here are {known}");
        return new FieldError(field, rule);
    }

    private static string? KnownMembers(string typeName, JsonSerializerOptions options)
    {
        var type = typeof(Contracts.CreateFitRequest).Assembly.GetType(typeName) ?? typeof(UnknownJsonMember).Assembly.GetType(typeName);
        if (type is null || !options.TryGetTypeInfo(type, out var info) || info.Properties.Count == 0) return null;
        return string.Join(", ", info.Properties.Select(p => p.Name));
    }
}
