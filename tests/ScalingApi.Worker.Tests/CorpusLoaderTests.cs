using System.IO.Compression;
using System.Text;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Reading;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Worker.Corpus;

namespace ScalingApi.Worker.Tests;

public class CorpusLoaderTests
{
    [Fact]
    public void Synthetic_domains_load_as_bytes_with_every_twentieth_document_held_out()
    {
        using var dir = new TempDirectory();
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(dir.Path, Domains: 3, DocumentsPerDomain: 50, DocumentLength: 100, Seed: 5, DocumentsPerFile: 30));
        var leaseDomains = generated.Select(d => new LeaseDomain(d.Name, 1.0 / 3, Directory.GetFiles(d.Directory, "*.txt").Order().ToArray())).ToArray();

        var domains = CorpusLoader.Load(leaseDomains, ByteTokenizer.Instance, minimumValidationTokens: 65);

        Assert.Equal(generated.Select(d => d.Name), domains.Select(d => d.Name));
        var first = domains[0];
        // 50 documents of 100 letters, each followed by the blank-line separator "\n\n"
        Assert.Equal(50 * 102, first.Train.Length + first.Validation.Length);
        Assert.Equal(2 * 102, first.Validation.Length); // documents 19 and 39
        var documents = leaseDomains[0].Files.SelectMany(f => CorpusFileReader.ReadAllDocuments(f)).ToArray();
        var expectedValidation = documents[19] + "\n\n" + documents[39] + "\n\n";
        Assert.Equal(expectedValidation, Encoding.UTF8.GetString(first.Validation.ToArray().Select(t => (byte)t).ToArray()));
        Assert.DoesNotContain(documents[19], Encoding.UTF8.GetString(first.Train.ToArray().Select(t => (byte)t).ToArray()));
    }

    [Fact]
    public void Loading_twice_gives_identical_streams()
    {
        using var dir = new TempDirectory();
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(dir.Path, Domains: 1, DocumentsPerDomain: 40, DocumentLength: 50, Seed: 9));
        var lease = new LeaseDomain("a", 1, Directory.GetFiles(generated[0].Directory));
        var one = CorpusLoader.LoadDomain(lease, ByteTokenizer.Instance, 10);
        var two = CorpusLoader.LoadDomain(lease, ByteTokenizer.Instance, 10);
        Assert.Equal(one.Train.ToArray(), two.Train.ToArray());
        Assert.Equal(one.Validation.ToArray(), two.Validation.ToArray());
    }

    [Fact]
    public void Jsonl_and_gzip_files_of_one_domain_are_read_in_lease_order_with_the_gpt2_tokenizer()
    {
        using var dir = new TempDirectory();
        var texts = Enumerable.Range(0, 25).Select(i => $"Document number {i} says hello to the proxy model.").ToArray();
        var jsonl = dir.Write("part-a.jsonl", string.Join('\n', texts[..10].Select(t => $"{{\"text\":\"{t}\",\"id\":1}}")));
        var gz = Path.Combine(dir.Path, "part-b.txt.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            zip.Write(Encoding.UTF8.GetBytes(string.Join("\n\n", texts[10..])));
        var tokenizer = Gpt2Tokenizer.Instance;

        var domain = CorpusLoader.LoadDomain(new LeaseDomain("mixed", 1, [jsonl, gz]), tokenizer, minimumValidationTokens: 5);

        var separator = tokenizer.Encode("\n\n");
        var expectedValidation = tokenizer.Encode(texts[19]).Concat(separator).ToArray();
        Assert.Equal(expectedValidation, domain.Validation.ToArray());
        var expectedTrain = texts.Where((_, i) => i != 19).SelectMany(t => tokenizer.Encode(t).Concat(separator)).ToArray();
        Assert.Equal(expectedTrain, domain.Train.ToArray());
    }

    [Fact]
    public void A_missing_file_names_the_domain_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-corpus-" + Guid.NewGuid() + ".txt");
        var e = Assert.Throws<FileNotFoundException>(() => CorpusLoader.LoadDomain(new LeaseDomain("news", 1, [missing]), ByteTokenizer.Instance, 10));
        Assert.Contains("news", e.Message);
        Assert.Contains(missing, e.Message);
    }
}
