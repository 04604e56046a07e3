using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Laws.BiMix;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Fits;

/// <summary>The runs a fit uses: every run, or those named in <c>runs</c> and/or belonging to <c>sweep</c>.</summary>
/// <param name="Data">The experiment's data restricted to the selected runs.</param>
/// <param name="Runs">Names of the selected runs, in run order.</param>
/// <param name="Sweep">The sweep the request named, if any.</param>
/// <param name="Narrowed">True when the request selected runs (so a hold-out outside them is a mistake, not an unknown name).</param>
public sealed record SelectedRuns(BiMixData Data, IReadOnlyList<string> Runs, long? Sweep, bool Narrowed);

/// <summary>
/// Resolves a fit request's run selection. Why it exists: sweeps with different step budgets in one
/// experiment describe different curves, and fitting them together spoils both.
/// </summary>
public sealed class FitRunSelector(SweepStore sweeps)
{
    /// <exception cref="DomainException"><see cref="InvalidInputException"/> naming <c>runs[i]</c> or <c>sweep</c> and the rule.</exception>
    public SelectedRuns Select(long experimentId, BiMixData data, CreateFitRequest request)
    {
        var errors = new List<FieldError>();
        var known = data.Runs.Select(r => r.Name).ToHashSet();
        HashSet<string>? sweepRuns = null;
        if (request.Sweep is { } sweepId)
        {
            var sweep = sweeps.Find(sweepId);
            if (sweep is null) errors.Add(new("sweep", $"no sweep {sweepId}"));
            else if (sweep.ExperimentId != experimentId)
                errors.Add(new("sweep", $"sweep {sweepId} belongs to experiment {sweep.ExperimentId}, not to experiment {experimentId}"));
            else sweepRuns = sweeps.Runs(sweepId).Select(r => r.RunName).ToHashSet();
        }

        HashSet<string>? named = null;
        if (request.Runs is { } runs)
        {
            named = [];
            for (var i = 0; i < runs.Count; i++)
            {
                var name = runs[i];
                if (string.IsNullOrEmpty(name)) errors.Add(new($"runs[{i}]", "must be a run name"));
                else if (!known.Contains(name)) errors.Add(new($"runs[{i}]", $"unknown run '{EchoedValue.Of(name)}'"));
                else if (sweepRuns is not null && !sweepRuns.Contains(name))
                    errors.Add(new($"runs[{i}]", $"run '{name}' is not a run of sweep {request.Sweep}"));
                else if (!named.Add(name)) errors.Add(new($"runs[{i}]", $"run '{name}' is named twice"));
            }
        }
        if (errors.Count > 0) throw new InvalidInputException(errors);

        var selected = named ?? sweepRuns;
        if (selected is null) return new SelectedRuns(data, data.Runs.Select(r => r.Name).ToList(), null, Narrowed: false);
        var subset = data.SelectRuns(selected);
        return new SelectedRuns(subset, subset.Runs.Select(r => r.Name).ToList(), request.Sweep, Narrowed: true);
    }
}
