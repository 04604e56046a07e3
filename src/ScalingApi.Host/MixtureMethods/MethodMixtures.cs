using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Storage;
using ScalingApi.Storage.MixtureMethods;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>
/// The trained mixture kinds <c>doremi</c> and <c>chameleon</c>: the weights of the experiment's latest completed job of
/// the method (or of a given job), with provenance. <see cref="Corpora.CorpusMixtures"/> answers these kinds through here,
/// so named mixtures, sweeps and every other consumer of mixture kinds get them too.
/// </summary>
public sealed class MethodMixtures(MixtureMethodStore store, ExperimentStore experiments)
{
    public static bool IsMethodKind(string kind) => MixtureMethodNames.All.Contains(kind);

    /// <exception cref="DomainException"><see cref="NotFoundException"/> unknown job or a job of another experiment or method; <see cref="ConflictException"/> no completed job yet,
    /// or the given job has not completed.</exception>
    /// <param name="field">Prefix of the problem's field names (e.g. <c>candidates[0].</c>); empty for the mixture URL.</param>
    public MixtureResponse Compute(long experimentId, string kind, long? jobId, IReadOnlyList<DomainRow> domains, string field = "")
    {
        MixtureMethodJobRow job;
        if (jobId is { } id)
        {
            job = store.Find(id) is { } found && found.ExperimentId == experimentId && found.Method == kind
                ? found
                : throw new NotFoundException(field + "job", $"experiment {experimentId} has no {kind} job {id}");
            if (job.Status != MixtureMethodNames.Completed)
                throw new ConflictException(field + "job", $"{kind} job {id} is {job.Status}, not completed; its mixture is not available");
        }
        else
        {
            job = store.LatestCompleted(experimentId, kind)
                  ?? throw new ConflictException(field + "kind",
                      $"experiment {experimentId} has no completed {kind} job; POST /api/experiments/{experimentId}/mixture-methods/{kind} to train one");
        }
        var options = StoredJson.Options;
        var weights = JsonSerializer.Deserialize<Dictionary<string, double>>(job.WeightsJson!, options)!;
        var provenance = JsonSerializer.Deserialize<MixtureProvenance>(job.ProvenanceJson, options)!;
        var basis = kind == MixtureMethodNames.DoReMi ? "mean Group-DRO domain weights" : "softmax((1/leverage score)/τ_PT)";
        var tokenizer = experiments.Find(experimentId)?.Tokenizer;
        return new MixtureResponse(kind, basis, null, tokenizer,
            domains.ToDictionary(d => d.Name, d => weights.GetValueOrDefault(d.Name)),
            domains.Select(d => new MixtureDomainBasis(d.Name, weights.GetValueOrDefault(d.Name))).ToList(),
            provenance);
    }
}
