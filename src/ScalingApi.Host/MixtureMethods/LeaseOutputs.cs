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
        if (point.Step > sweep.Steps) errors.Add(new("step", $"must be in [1, {sweep.Steps}]"));
        OneForEachDomain(point.Weights.Keys, "weights", "weight", domains, errors);
        OneForEachDomain(point.Average.Keys, "average", "weight", domains, errors);
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
        OneForEachDomain(embeddings.Embeddings.Keys, "embeddings", "vector", domains, errors);
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

    /// <summary>The values' own rules have run (<see cref="Validation.DomainWeightsRules"/>, <see cref="Validation.DomainEmbeddingsRules"/>); the names need the experiment.</summary>
    private static void OneForEachDomain(IEnumerable<string> names, string field, string what, IReadOnlyList<string> domains, List<FieldError> errors)
    {
        if (!domains.ToHashSet().SetEquals(names)) errors.Add(new(field, $"must have one {what} for each domain: {string.Join(", ", domains)}"));
    }
}
