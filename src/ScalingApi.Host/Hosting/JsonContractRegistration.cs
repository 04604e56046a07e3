using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScalingApi.Host.Hosting;

public static class JsonContractRegistration
{
    /// <summary>
    /// camelCase JSON (web defaults) made strict: numbers must be JSON numbers (so "NaN", "Infinity"
    /// or "1" strings are refused), non-optional constructor parameters must be present and
    /// non-nullable members may not be null, and members the contract does not have are refused (a
    /// misspelt optional field would otherwise silently fall back to its default) — each failure is a
    /// JsonException with the field's path.
    /// </summary>
    public static IServiceCollection AddJsonContract(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));

    public static void Configure(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
