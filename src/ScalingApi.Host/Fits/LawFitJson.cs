using System.Text.Json;
using ScalingApi.Laws.Catalog;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Fits;

/// <summary>Storage format of fitted laws other than BiMix: the law's own fitted record, at full precision.</summary>
public static class LawFitJson
{
    private static JsonSerializerOptions Options => StoredJson.Options;

    public static string Serialize(IFittedLaw fit) => JsonSerializer.Serialize(fit, fit.GetType(), Options);

    public static IFittedLaw Deserialize(string law, string json) =>
        JsonSerializer.Deserialize(json, LawCatalog.FittedType(law), Options) as IFittedLaw
        ?? throw new InvalidDataException($"Stored {law} model is empty.");
}
