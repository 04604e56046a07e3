using System.Text.Json;
using System.Text.Json.Serialization;
using ScalingApi.Laws.Catalog;

namespace ScalingApi.Host.Fits;

/// <summary>Storage format of fitted laws other than BiMix: the law's own fitted record, at full precision.</summary>
public static class LawFitJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(IFittedLaw fit) => JsonSerializer.Serialize(fit, fit.GetType(), Options);

    public static IFittedLaw Deserialize(string law, string json) =>
        JsonSerializer.Deserialize(json, LawCatalog.FittedType(law), Options) as IFittedLaw
        ?? throw new InvalidDataException($"Stored {law} model is empty.");
}
