using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>A stored fit, deserialised, of any law: what <see cref="FitCache"/> keeps.</summary>
public interface IStoredFit
{
    FitRow Row { get; }
    FitExperiment Experiment { get; }
}

/// <summary>
/// What a fit's questions need from its experiment. Both are fixed when the experiment is created, so they can be cached
/// with the fit; the tokenizer and the domains' corpora, which can change, are read from storage where they are needed.
/// </summary>
public sealed record FitExperiment(long Id, double? TokensPerStep);

/// <summary>A stored BiMix fit with what answering questions about it needs from its experiment.</summary>
public sealed record StoredFit(FitRow Row, BiMixFit Model, FitExperiment Experiment) : IStoredFit
{
    public IReadOnlyList<string> DomainNames => Model.Domains;

    /// <summary>Refuses (422) questions that need α for a domain whose α could not be identified.</summary>
    public void RequireAlpha(string field)
    {
        var missing = Model.DomainFits.Where(d => d.Law.Alpha is null).Select(d => d.Domain).ToList();
        if (missing.Count > 0)
            throw new UnanswerableException(
                missing.Select(d => new FieldError($"{field}.{d}",
                    "alpha is null: the domain was observed at a single proportion, so losses at other proportions cannot be predicted")).ToList());
    }
}

/// <summary>
/// Stored fits as the planning services (predictions, optimal mixture, next runs, plots) read them: read from storage and
/// deserialised once per fit, then served from <see cref="FitCache"/>.
/// </summary>
public sealed class StoredFitLoader(FitStore fits, ExperimentStore experiments, FitCache cache)
{
    /// <summary>The BiMix fit; 404 when there is none, 422 when it is a fit of another law.</summary>
    public StoredFit Load(long fitId) => Find(fitId) switch
    {
        StoredFit fit => fit,
        { } other => throw new UnanswerableException("law", $"fit {fitId} is a {other.Row.Law} fit; this question needs a bimix fit"),
        null => throw NotFoundException.Fit(fitId),
    };

    /// <summary>The fit of whichever law (<see cref="StoredFit"/> or <see cref="StoredLawFit"/>); null when there is none.</summary>
    public IStoredFit? Find(long fitId) => cache.GetOrLoad(fitId, () => Read(fitId));

    private IStoredFit? Read(long fitId)
    {
        if (fits.Find(fitId) is not { } row) return null;
        var experimentRow = experiments.Find(row.ExperimentId)!;
        var experiment = new FitExperiment(experimentRow.Id, experimentRow.TokensPerStep);
        return row.Law == FitRequestValidator.BiMix
            ? new StoredFit(row, FitModelJson.DeserializeModel(row.ModelJson), experiment)
            : new StoredLawFit(row, LawFitJson.Deserialize(row.Law, row.ModelJson), experiment);
    }
}
