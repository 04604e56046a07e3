using System.IO.Compression;
using System.Text.Json;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.Api.Tests.CorpusPreparation;

/// <summary>A domain written for a preparation test: its documents in file order and the planted exact copies among them.</summary>
public sealed record PlantedDomain(string Reference, IReadOnlyList<string> Documents, IReadOnlyList<string> Copies);

/// <summary>
/// Writes domains of Zipfian documents as JSON Lines under a corpus root, with planted exact copies (differing only in
/// case and white space) that follow their original, so exact deduplication must remove exactly the copies.
/// </summary>
public static class PreparationCorpus
{
    private static readonly ZipfianText Words = new(vocabulary: 5000, exponent: 1.1, seed: 5);

    /// <param name="copiesOf">Documents of another domain (written earlier) to copy into this one, for cross-domain deduplication.</param>
    public static PlantedDomain Write(string root, string reference, int documents, int exactCopies, int seed,
        int wordsPerDocument = 120, int files = 2, IReadOnlyList<string>? copiesOf = null)
    {
        var random = new Random(seed);
        var originals = Enumerable.Range(0, documents).Select(_ => ZipfianText.Format(Words.NextWords(random, wordsPerDocument), random)).ToList();
        var copies = new List<string>();
        var all = new List<string>(originals);
        for (var i = 0; i < exactCopies; i++)
        {
            var source = copiesOf is { Count: > 0 } other ? other[random.Next(other.Count)] : originals[random.Next(originals.Count)];
            var copy = PlantedDuplicates.ExactCopy(source, random);
            copies.Add(copy);
            // after the original when it is in this domain: the first occurrence is the one kept
            var after = copiesOf is null ? all.IndexOf(source) + 1 : 0;
            all.Insert(random.Next(after, all.Count + 1), copy);
        }
        var folder = Path.Combine(root, reference);
        Directory.CreateDirectory(folder);
        var perFile = (all.Count + files - 1) / files;
        for (var f = 0; f < files; f++)
            File.WriteAllLines(Path.Combine(folder, $"part-{f}.jsonl"),
                all.Skip(f * perFile).Take(perFile).Select(text => JsonSerializer.Serialize(new { text })));
        return new PlantedDomain(reference, all, copies);
    }

    /// <summary>The documents of prepared shards, in shard order.</summary>
    public static List<string> ReadShards(IEnumerable<string> shards)
    {
        var documents = new List<string>();
        foreach (var shard in shards)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(shard), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
                if (line.Length > 0) documents.Add(JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);
        }
        return documents;
    }
}
