using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.Benchmarks;

/// <summary>One document of the generated corpus as the ground truth records it: an original, an exact copy (case and
/// white space changed) or a near copy of an earlier original at a target word-5-gram Jaccard, with the exact Jaccard.</summary>
internal sealed record PlantedDocument(int Index, string Kind, int Source, double Target, double Jaccard);

/// <summary>
/// The deduplication benchmark's corpus: Zipfian-word documents (50,000-word vocabulary, exponent 1, 200–600 words)
/// as .jsonl files of about 32 MB, with 3 % exact copies and 2.5 % near copies at each target Jaccard, each copy made
/// from an earlier original that no other copy uses, and <c>truth.tsv</c> listing every document.
/// </summary>
internal static class DedupCorpus
{
    public const string TruthFileName = "truth.tsv";
    public static readonly double[] NearTargets = [0.95, 0.85, 0.7, 0.4];
    private const double ExactShare = 0.03;
    private const double NearShare = 0.025;
    private const long FileBytes = 32_000_000;
    private const int SourcePool = 4096;

    public static (IReadOnlyList<string> Files, IReadOnlyList<PlantedDocument> Truth) Ensure(string directory, long bytes, int seed)
    {
        var truthPath = Path.Combine(directory, TruthFileName);
        if (!File.Exists(truthPath))
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
            Generate(directory, bytes, seed, truthPath);
        }
        var files = Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var truth = File.ReadLines(truthPath).Skip(1).Select(line => line.Split('\t')).Select(f => new PlantedDocument(
            int.Parse(f[0], CultureInfo.InvariantCulture), f[1], int.Parse(f[2], CultureInfo.InvariantCulture),
            double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture))).ToList();
        return (files, truth);
    }

    private static void Generate(string directory, long bytes, int seed, string truthPath)
    {
        var text = new ZipfianText(50_000, 1.0, seed);
        var random = new Random(seed + 1);
        var sources = new List<(int Index, string[] Words, string Text)>();
        using var truth = new StreamWriter(truthPath);
        truth.WriteLine("index\tkind\tsource\ttarget\tjaccard");
        long written = 0, inFile = 0;
        int index = 0, files = 0;
        FileStream? file = null;
        try
        {
            while (written < bytes)
            {
                if (file is null || inFile >= FileBytes)
                {
                    file?.Dispose();
                    file = File.Create(Path.Combine(directory, $"part-{files++:D5}.jsonl"));
                    inFile = 0;
                }
                var draw = random.NextDouble();
                string document;
                PlantedDocument planted;
                if (draw < ExactShare + NearShare * NearTargets.Length && sources.Count > 0)
                {
                    var pick = random.Next(sources.Count);
                    var source = sources[pick];
                    sources[pick] = sources[^1];
                    sources.RemoveAt(sources.Count - 1);
                    if (draw < ExactShare)
                    {
                        document = PlantedDuplicates.ExactCopy(source.Text, random);
                        planted = new PlantedDocument(index, "exact", source.Index, 1, 1);
                    }
                    else
                    {
                        var target = NearTargets[Math.Min(NearTargets.Length - 1, (int)((draw - ExactShare) / NearShare))];
                        var (words, jaccard) = PlantedDuplicates.NearCopy(source.Words, target, 5, () => text.NextWord(random), random);
                        document = ZipfianText.Format(words, random);
                        planted = new PlantedDocument(index, "near", source.Index, target, jaccard);
                    }
                }
                else
                {
                    var words = text.NextWords(random, random.Next(200, 601));
                    document = ZipfianText.Format(words, random);
                    if (sources.Count == SourcePool) sources.RemoveAt(random.Next(SourcePool));
                    sources.Add((index, words, document));
                    planted = new PlantedDocument(index, "original", -1, 0, 0);
                }
                var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { text = document }) + "\n");
                file.Write(line);
                written += line.Length;
                inFile += line.Length;
                truth.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{planted.Index}\t{planted.Kind}\t{planted.Source}\t{planted.Target}\t{planted.Jaccard:R}"));
                index++;
            }
        }
        finally
        {
            file?.Dispose();
        }
    }
}
