using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScalingApi.Host.Hosting;

/// <summary>
/// Options for JSON the service stored itself (fitted models, a sweep's model and run mode, mixture-method documents):
/// full double precision, non-finite diagnostics as "NaN"/"Infinity" strings.
/// Unlike request bodies these are read leniently: a row written by an older or newer version, with a
/// member since added or removed, must still read rather than turn every GET of it into a 500.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
