using ScalingApi.Corpora.References;
using ScalingApi.Corpora.Statistics;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Corpora.Tokenization;

namespace ScalingApi.Corpora.Tests;

public sealed class SyntheticCorpusTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Measured_byte_entropies_match_the_analytic_values_within_one_percent()
    {
        var spec = new SyntheticCorpusSpec(_temp.Path, Domains: 3, DocumentsPerDomain: 200, DocumentLength: 1000, Seed: 11, DocumentsPerFile: 64);
        var domains = SyntheticCorpusGenerator.Generate(spec);
        var resolver = new CorpusReferenceResolver(new CorporaOptions { Roots = [_temp.Path] });
        Assert.True(File.Exists(Path.Combine(_temp.Path, SyntheticCorpusGenerator.AnalyticFileName)));

        foreach (var domain in domains)
        {
            var files = resolver.Resolve(domain.Name).Files;
            Assert.Equal(4, files.Count);
            var stats = CorpusStatisticsCalculator.Compute(files, ByteTokenizer.Instance);
            Assert.Equal(200, stats.Documents);
            Assert.Equal(200_000, stats.Tokens);
            var source = domain.Source;
            Assert.InRange(stats.ConditionalEntropy / source.AnalyticConditionalEntropy, 0.99, 1.01);
            Assert.InRange(stats.ShannonEntropy / source.AnalyticShannonEntropy, 0.99, 1.01);
            Assert.InRange(stats.JointEntropy / source.AnalyticJointEntropy, 0.99, 1.01);
        }
        // the default concentrations spread the domains apart
        Assert.True(domains[0].Source.AnalyticConditionalEntropy < domains[2].Source.AnalyticConditionalEntropy - 0.3);
    }

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_does_not()
    {
        using var other = new TempDirectory();
        using var third = new TempDirectory();
        SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(_temp.Path, 2, 10, 50, Seed: 5));
        SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(other.Path, 2, 10, 50, Seed: 5));
        SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(third.Path, 2, 10, 50, Seed: 6));
        var rel = Path.Combine("domain-02", "part-0000.txt");
        var a = File.ReadAllBytes(Path.Combine(_temp.Path, rel));
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(other.Path, rel)));
        Assert.NotEqual(a, File.ReadAllBytes(Path.Combine(third.Path, rel)));
    }

    [Fact]
    public void Analytic_entropies_of_a_hand_made_chain()
    {
        // symmetric two-state chain with flip probability p: π = (½, ½), CE = binary entropy of p
        const double p = 0.2;
        var source = new MarkovSource("ab"u8.ToArray(), [[1 - p, p], [p, 1 - p]]);
        Assert.Equal(0.5, source.Stationary[0], 1e-12);
        Assert.Equal(Math.Log(2), source.AnalyticShannonEntropy, 1e-12);
        Assert.Equal(-(p * Math.Log(p) + (1 - p) * Math.Log(1 - p)), source.AnalyticConditionalEntropy, 1e-12);
    }

    public void Dispose() => _temp.Dispose();
}
