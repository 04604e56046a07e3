using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.Observations;

/// <summary>
/// Validates posted observations against an experiment and writes them in one transaction:
/// every point is checked before anything is written, so a bad point leaves the database unchanged.
/// The write transaction holds only the upsert (one key probe per point), so its length does not
/// grow with the data already stored and other writers wait little.
/// </summary>
public sealed class ObservationIngest(DbSession db, ExperimentStore experiments, RunStore runs, ObservationStore observations)
{
    /// <param name="errors">What reading the body found wrong already: reported together with the points' own errors.</param>
    public IngestResponse Ingest(long experimentId, IReadOnlyList<PostedObservation> posted, bool replace, CappedErrors? errors = null)
    {
        RequireExperiment(experimentId);
        // resolved before the write lock: a run created meanwhile is unknown (400, post again), a run
        // deleted meanwhile fails its foreign key inside the transaction (409)
        var rows = Resolve(experimentId, posted, errors ?? new CappedErrors());
        using var write = db.BeginWrite();
        var counts = Store(rows, posted, replace);
        write.Commit();
        return counts;
    }

    /// <summary>Wide layout: creates the runs named in ratios.csv that do not exist yet, then ingests metrics.csv.</summary>
    /// <param name="readErrors">What reading the two files found wrong: reported with the runs' errors, before the points are resolved.</param>
    public WideImportResponse ImportWide(long experimentId, IReadOnlyList<WideRun> ratios, IReadOnlyList<PostedObservation> metrics, bool replace,
        CappedErrors readErrors)
    {
        var domains = RequireExperiment(experimentId);
        var domainNames = domains.Select(d => d.Name).ToList();
        using var write = db.BeginWrite();
        var existing = runs.List(experimentId).ToDictionary(r => r.Name);
        var stored = runs.Proportions(experimentId).ToLookup(p => p.RunId);
        var created = new List<string>();
        var errors = new List<FieldError>();
        foreach (var run in ratios)
        {
            var field = $"ratios.csv:{run.Name}";
            FieldRules.Name(run.Name, "ratios.csv:run", errors);
            var proportions = MixtureValidator.Validate(run.Mixture, domainNames, field, errors);
            if (proportions is null) continue;
            if (existing.TryGetValue(run.Name, out var known))
            {
                var storedById = stored[known.Id].ToDictionary(p => p.DomainId, p => p.Proportion);
                if (domains.Where((d, i) => Math.Abs(storedById[d.Id] - proportions[i]) > MixtureValidator.SumTolerance).Any())
                    throw new ConflictException(field, $"run '{run.Name}' exists with a different mixture");
                continue;
            }
            if (created.Contains(run.Name)) { errors.Add(new(field, "run listed twice")); continue; }
            if (errors.Count == 0) runs.Insert(experimentId, run.Name, null, domains.Select((d, i) => (d.Id, proportions[i])).ToDictionary());
            created.Add(run.Name);
        }
        foreach (var error in errors) readErrors.Add(error);
        readErrors.ThrowIfAny();
        var counts = Store(Resolve(experimentId, metrics, readErrors), metrics, replace);
        write.Commit();
        return new WideImportResponse(created, counts);
    }

    private IReadOnlyList<DomainRow> RequireExperiment(long experimentId) =>
        experiments.Find(experimentId) is null
            ? throw NotFoundException.Experiment(experimentId)
            : experiments.Domains(experimentId);

    private List<ObservationRow> Resolve(long experimentId, IReadOnlyList<PostedObservation> posted, CappedErrors errors)
    {
        var runIds = runs.List(experimentId).ToDictionary(r => r.Name, r => r.Id);
        var domainIds = experiments.Domains(experimentId).ToDictionary(d => d.Name, d => d.Id);
        var rows = new List<ObservationRow>(posted.Count);
        foreach (var p in posted)
        {
            var before = errors.Total;
            if (!double.IsFinite(p.Loss)) errors.Add(new(Path(p, "loss"), "must be a finite number", p.Line));
            else if (p.Loss <= 0) errors.Add(new(Path(p, "loss"), "must be > 0", p.Line));
            if (p.Step <= 0) errors.Add(new(Path(p, "step"), "must be a positive integer", p.Line));
            if (!runIds.TryGetValue(p.Run ?? "", out var runId)) errors.Add(new(Path(p, "run"), $"unknown run '{EchoedValue.Of(p.Run)}': create it first", p.Line));
            if (!domainIds.TryGetValue(p.Domain ?? "", out var domainId)) errors.Add(new(Path(p, "domain"), UnknownDomain.Rule(p.Domain, domainIds.Keys), p.Line));
            if (errors.Total == before) rows.Add(new ObservationRow(runId, p.Step, domainId, p.Loss));
        }
        errors.ThrowIfAny();
        return rows;
    }

    private IngestResponse Store(List<ObservationRow> rows, IReadOnlyList<PostedObservation> posted, bool replace)
    {
        try
        {
            var counts = observations.Upsert(rows, replace);
            return new IngestResponse(counts.Inserted, counts.Unchanged, counts.Replaced);
        }
        catch (ObservationConflictException e)
        {
            var at = posted[rows.FindIndex(r => r.RunId == e.RunId && r.Step == e.Step && r.DomainId == e.DomainId && r.Loss.Equals(e.Posted))];
            throw new ConflictException(
                [new FieldError(Path(at, "loss"),
                    $"run '{EchoedValue.Of(at.Run)}' step {at.Step} domain '{EchoedValue.Of(at.Domain)}' already has loss {e.Existing:R} (posted {e.Posted:R}); post with ?replace=true to overwrite",
                    at.Line)]);
        }
    }

    /// <summary>JSON: <c>[i].loss</c>; long CSV: the column; wide CSV: <c>metrics.csv:&lt;column&gt;</c> (a domain's column for its loss).</summary>
    private static string Path(PostedObservation p, string member) =>
        p.Field.Length == 0 ? member
        : p.Field.StartsWith('[') ? $"{p.Field}.{member}"
        : $"{p.Field}:{(member is "loss" or "domain" ? p.Domain : member)}";
}

/// <summary>A row of ratios.csv: a run and its domain weights.</summary>
public sealed record WideRun(string Name, IReadOnlyDictionary<string, double> Mixture, int Line);
