using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.References;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>Describes preparation jobs: status, live counters of the running domain, figures and the ablation table.</summary>
public sealed class CorpusPreparationViews(CorpusPreparationStore store, PreparationCounters counters, PreparedCorpusFolders folders, ServerPaths serverPaths)
{
    /// <summary>Samples per filter in the job's (all-domain) table; each domain's table has all of its own.</summary>
    public const int JobSamplesPerFilter = 5;

    public CorpusPreparationJobResponse? Find(long experimentId, long jobId) =>
        store.FindJob(jobId) is { } job && job.ExperimentId == experimentId ? Describe(job) : null;

    public List<CorpusPreparationJobResponse> ForExperiment(long experimentId) => store.Jobs(experimentId).Select(Describe).ToList();

    private CorpusPreparationJobResponse Describe(CorpusPreparationJobRow job)
    {
        var live = counters.ForJob(job.Id);
        var rows = store.Domains(job.Id);
        var domains = rows.Select(d => DescribeDomain(d, d.Done ? null : live.GetValueOrDefault(d.DomainId))).ToList();
        var done = rows.Where(d => d.Done).ToList();
        var outcomes = done.SelectMany(d => Outcomes(d)).ToList();
        long documentsIn = done.Sum(d => d.DocumentsIn ?? 0), bytesIn = done.Sum(d => d.BytesIn ?? 0);
        return new CorpusPreparationJobResponse(job.Id, job.ExperimentId, job.Status, serverPaths.Scrub(job.Error),
            JsonSerializer.Deserialize<PreparationStages>(job.StagesJson, StoredJson.Options)!,
            folders.Job(job.ExperimentId, job.Id).Reference,
            documentsIn, bytesIn, done.Sum(d => d.DocumentsOut ?? 0), done.Sum(d => d.BytesOut ?? 0),
            Ablation(outcomes, documentsIn, bytesIn, JobSamplesPerFilter), domains,
            DateTimeOffset.Parse(job.CreatedAt), Parse(job.StartedAt), Parse(job.FinishedAt));
    }

    private static PreparedDomainResponse DescribeDomain(CorpusPreparationDomainRow d, PreparationProgress? live)
    {
        var outcomes = Outcomes(d);
        return new PreparedDomainResponse(d.Domain, d.Done ? "done" : live is null ? "pending" : "running",
            d.OriginalCorpus, d.PreparedCorpus, d.Repointed, d.FileBytesTotal,
            live is null ? null : new PreparationLiveProgress(live.DocumentsRead, live.BytesRead, live.DocumentsKept, live.BytesKept,
                live.FileBytesDone, d.FileBytesTotal == 0 ? 1 : Math.Min(1, (double)live.FileBytesDone / d.FileBytesTotal)),
            d.DocumentsIn, d.BytesIn, d.DocumentsOut, d.BytesOut,
            d.ShardsJson is null ? null : JsonSerializer.Deserialize<List<string>>(d.ShardsJson, StoredJson.Options),
            d.Done ? outcomes.Select(s => new PreparationStageFigures(s.Stage, s.DocumentsIn, s.BytesIn,
                s.DocumentsIn - s.DocumentsRemoved, s.BytesIn - s.BytesRemoved)).ToList() : null,
            d.Done ? Ablation(outcomes, d.DocumentsIn ?? 0, d.BytesIn ?? 0, int.MaxValue) : null,
            d.ElapsedMs);
    }

    /// <summary>
    /// FuLG's ablation table: each stage's removals, then its filters', summed over the given outcomes (one domain's,
    /// or every finished domain's) in stage order, as shares of the input documents and bytes.
    /// </summary>
    internal static List<AblationRow> Ablation(IReadOnlyList<StageOutcome> outcomes, long documentsIn, long bytesIn, int samplesPerFilter)
    {
        var rows = new List<AblationRow>();
        foreach (var stage in outcomes.GroupBy(s => s.Stage))
        {
            rows.Add(Row(stage.Key, null, stage.Sum(s => s.DocumentsRemoved), stage.Sum(s => s.BytesRemoved), []));
            foreach (var filter in stage.SelectMany(s => s.Filters).GroupBy(f => f.Filter))
                rows.Add(Row(stage.Key, filter.Key, filter.Sum(f => f.DocumentsRemoved), filter.Sum(f => f.BytesRemoved),
                    filter.SelectMany(f => f.Samples).Take(samplesPerFilter).ToList()));
        }
        return rows;

        AblationRow Row(string stage, string? filter, long documents, long bytes, IReadOnlyList<string> samples) =>
            new(stage, filter, documents, bytes, Share(documents, documentsIn), Share(bytes, bytesIn), samples);
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private static IReadOnlyList<StageOutcome> Outcomes(CorpusPreparationDomainRow d) =>
        d.StagesJson is null ? [] : JsonSerializer.Deserialize<List<StageOutcome>>(d.StagesJson, StoredJson.Options)!;

    private static DateTimeOffset? Parse(string? timestamp) => timestamp is null ? null : DateTimeOffset.Parse(timestamp);
}
