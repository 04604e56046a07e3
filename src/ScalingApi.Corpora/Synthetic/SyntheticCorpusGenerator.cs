using System.Text.Json;

namespace ScalingApi.Corpora.Synthetic;

/// <summary>What to generate. Concentrations default to log-spaced values from 0.1 (peaked) to 3 (near uniform).</summary>
public sealed record SyntheticCorpusSpec(
    string OutputDirectory,
    int Domains,
    int DocumentsPerDomain,
    int DocumentLength,
    int Seed,
    int AlphabetSize = 8,
    int DocumentsPerFile = 1000,
    IReadOnlyList<double>? Concentrations = null);

public sealed record SyntheticDomain(string Name, string Directory, double Concentration, MarkovSource Source);

/// <summary>
/// Writes a deterministic corpus folder: one subfolder per domain (domain-01, …) of .txt files, each
/// document a single line of <c>DocumentLength</c> letters, documents separated by blank lines, plus
/// <c>analytic.json</c> with every domain's analytic SE/JE/CE. Same spec and seed give identical bytes.
/// </summary>
public static class SyntheticCorpusGenerator
{
    public const string AnalyticFileName = "analytic.json";

    public static IReadOnlyList<SyntheticDomain> Generate(SyntheticCorpusSpec spec, CancellationToken cancellationToken = default)
    {
        Validate(spec);
        var alphabet = Enumerable.Range(0, spec.AlphabetSize).Select(i => (byte)('a' + i)).ToArray();
        Directory.CreateDirectory(spec.OutputDirectory);
        var domains = new List<SyntheticDomain>();
        for (var d = 0; d < spec.Domains; d++)
        {
            // one independent stream per domain, so adding domains does not change earlier ones
            var random = new Random(unchecked(spec.Seed * 7919 + d));
            var concentration = spec.Concentrations?[d] ?? DefaultConcentration(d, spec.Domains);
            var source = MarkovSource.CreateRandom(alphabet, concentration, random);
            var name = $"domain-{d + 1:D2}";
            var directory = Path.Combine(spec.OutputDirectory, name);
            Directory.CreateDirectory(directory);
            WriteDocuments(spec, source, random, directory, cancellationToken);
            domains.Add(new SyntheticDomain(name, directory, concentration, source));
        }
        WriteAnalytic(spec, domains);
        return domains;
    }

    private static double DefaultConcentration(int index, int count) =>
        count == 1 ? 1.0 : 0.1 * Math.Pow(30, (double)index / (count - 1));

    private static void WriteDocuments(SyntheticCorpusSpec spec, MarkovSource source, Random random, string directory, CancellationToken ct)
    {
        var document = new byte[spec.DocumentLength + 2];
        document[^2] = (byte)'\n';
        document[^1] = (byte)'\n';
        var files = (spec.DocumentsPerDomain + spec.DocumentsPerFile - 1) / spec.DocumentsPerFile;
        var written = 0;
        for (var f = 0; f < files; f++)
        {
            using var stream = new FileStream(Path.Combine(directory, $"part-{f:D4}.txt"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            for (var k = 0; k < spec.DocumentsPerFile && written < spec.DocumentsPerDomain; k++, written++)
            {
                ct.ThrowIfCancellationRequested();
                source.Sample(random, document.AsSpan(0, spec.DocumentLength));
                stream.Write(document);
            }
        }
    }

    private static void WriteAnalytic(SyntheticCorpusSpec spec, IReadOnlyList<SyntheticDomain> domains)
    {
        var payload = new
        {
            spec.Seed, spec.Domains, spec.DocumentsPerDomain, spec.DocumentLength, spec.AlphabetSize,
            Entropies = domains.Select(d => new
            {
                d.Name, d.Concentration,
                ShannonEntropy = d.Source.AnalyticShannonEntropy,
                JointEntropy = d.Source.AnalyticJointEntropy,
                ConditionalEntropy = d.Source.AnalyticConditionalEntropy,
            }),
        };
        File.WriteAllText(Path.Combine(spec.OutputDirectory, AnalyticFileName),
            JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }

    private static void Validate(SyntheticCorpusSpec spec)
    {
        if (spec.Domains < 1) throw new ArgumentOutOfRangeException(nameof(spec), "domains must be at least 1");
        if (spec.DocumentsPerDomain < 1) throw new ArgumentOutOfRangeException(nameof(spec), "docs must be at least 1");
        if (spec.DocumentLength < 2) throw new ArgumentOutOfRangeException(nameof(spec), "doc-length must be at least 2");
        if (spec.AlphabetSize is < 2 or > 26) throw new ArgumentOutOfRangeException(nameof(spec), "alphabet size must be 2..26");
        if (spec.DocumentsPerFile < 1) throw new ArgumentOutOfRangeException(nameof(spec), "documents per file must be at least 1");
        if (spec.Concentrations is { } c && (c.Count != spec.Domains || c.Any(x => !(x > 0))))
            throw new ArgumentOutOfRangeException(nameof(spec), "need one positive concentration per domain");
    }
}
