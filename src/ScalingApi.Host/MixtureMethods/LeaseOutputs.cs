using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Storage;
using ScalingApi.Storage.MixtureMethods;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>
/// What a worker posts for a mixture-method run besides its losses: a DoReMi proxy's weight points, a Chameleon
/// embedding pass's domain vectors. Only the run's current lease may post, and only for the run mode it has.
/// Re-posting the same step replaces it, so a resumed run's retries are harmless.
/// </summary>
public sealed class LeaseOutputs(DbSession db, LeaseService leases, ExperimentStore experiments, MixtureMethodStore store, SweepEventLog events,
    IOptions<JsonOptions> json)
{
    public void PostWeights(Guid leaseId, DomainWeightsPoint point)
    {
        using var write = db.BeginWrite();
        var (sweep, run) = leases.CurrentRun(leaseId);
        var domains = ModeDomains(sweep, LeaseRunMode.DoReMiProxy);
        var errors = new List<FieldError>();
        if (point.Step < 1 || point.Step > sweep.Steps) errors.Add(new("step", $"must be in [1, {sweep.Steps}]"));
        Distribution(point.Weights, "weights", domains, errors);
        Distribution(point.Average, "average", domains, errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);
        store.PutOutput(run.Id, MixtureMethodStore.WeightsOutput, point.Step, JsonSerializer.Serialize(point, json.Value.SerializerOptions));
        events.Append(sweep.Id, MixtureMethodStages.WeightsEvent, new { run.RunId, point.Step, point.Weights, point.Average });
        write.Commit();
    }

    public void PostEmbeddings(Guid leaseId, DomainEmbeddings embeddings)
    {
        using var write = db.BeginWrite();
        var (sweep, run) = leases.CurrentRun(leaseId);
        var domains = ModeDomains(sweep, LeaseRunMode.Embed);
        var errors = new List<FieldError>();
        if (embeddings.Embeddings is null || !domains.ToHashSet().SetEquals(embeddings.Embeddings.Keys))
            errors.Add(new("embeddings", $"must have one vector for each domain: {string.Join(", ", domains)}"));
        else if (embeddings.Embeddings.Values.Select(v => v?.Length ?? 0).Distinct().Count() != 1 || embeddings.Embeddings.Values.Any(v => v is null || v.Length == 0))
            errors.Add(new("embeddings", "vectors must be non-empty and all of the same length"));
        else if (embeddings.Embeddings.Values.Any(v => v.Any(x => !double.IsFinite(x))))
            errors.Add(new("embeddings", "must be finite numbers"));
        if (embeddings.Layer < 0) errors.Add(new("layer", "must be ≥ 0"));
        if (embeddings.Windows < 1) errors.Add(new("windows", "must be ≥ 1"));
        if (errors.Count > 0) throw new InvalidInputException(errors);
        store.PutOutput(run.Id, MixtureMethodStore.EmbeddingsOutput, 0, JsonSerializer.Serialize(embeddings, json.Value.SerializerOptions));
        write.Commit();
    }

    private IReadOnlyList<string> ModeDomains(Storage.Sweeps.SweepRow sweep, string kind)
    {
        var mode = sweep.RunModeJson is null ? null : JsonSerializer.Deserialize<LeaseRunMode>(sweep.RunModeJson, StoredJson.Options);
        if (mode?.Kind != kind)
            throw new ConflictException("leaseId", $"the lease's run is {(mode is null ? "an ordinary training run" : $"a {mode.Kind} run")}, not a {kind} run");
        return experiments.Domains(sweep.ExperimentId).Select(d => d.Name).ToList();
    }

    private static void Distribution(IReadOnlyDictionary<string, double>? weights, string field, IReadOnlyList<string> domains, List<FieldError> errors)
    {
        if (weights is null || !domains.ToHashSet().SetEquals(weights.Keys))
            errors.Add(new(field, $"must have one weight for each domain: {string.Join(", ", domains)}"));
        else if (weights.Values.Any(w => !double.IsFinite(w) || w < 0) || Math.Abs(weights.Values.Sum() - 1) > 1e-6)
            errors.Add(new(field, "must be finite, ≥ 0 and sum to 1"));
    }
}
