using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>A stored fit with what answering questions about it needs from its experiment.</summary>
public sealed record StoredFit(FitRow Row, BiMixFit Model, ExperimentRow Experiment, IReadOnlyList<DomainRow> Domains)
{
    public IReadOnlyList<string> DomainNames => Model.Domains;

    /// <summary>Refuses (422) questions that need α for a domain whose α could not be identified.</summary>
    public void RequireAlpha(string field)
    {
        var missing = Model.DomainFits.Where(d => d.Law.Alpha is null).Select(d => d.Domain).ToList();
        if (missing.Count > 0)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "The request cannot be answered from this data.",
                missing.Select(d => new FieldError($"{field}.{d}",
                    "alpha is null: the domain was observed at a single proportion, so losses at other proportions cannot be predicted")).ToList());
    }
}

public sealed class StoredFitLoader(FitStore fits, ExperimentStore experiments)
{
    public StoredFit Load(long fitId)
    {
        var row = fits.Find(fitId) ?? throw ApiProblemException.NotFound("id", $"no fit {fitId}");
        if (row.Law != FitRequestValidator.BiMix)
            throw ApiProblemException.Unprocessable("law", $"fit {fitId} is a {row.Law} fit; this question needs a bimix fit");
        var experiment = experiments.Find(row.ExperimentId)!;
        return new StoredFit(row, FitModelJson.DeserializeModel(row.ModelJson), experiment, experiments.Domains(row.ExperimentId));
    }
}
