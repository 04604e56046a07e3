using System.CommandLine;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.Worker.Commands;

/// <summary><c>synth-corpus</c>: writes a deterministic Markov-chain corpus with known entropies (for demos and tests).</summary>
public static class SynthCorpusCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the corpus into (one subfolder per domain).", Required = true };
        var domains = new Option<int>("--domains") { Description = "Number of domains.", DefaultValueFactory = _ => 4 };
        var docs = new Option<int>("--docs") { Description = "Documents per domain.", DefaultValueFactory = _ => 1000 };
        var docLength = new Option<int>("--doc-length") { Description = "Symbols per document.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; same seed, same bytes.", DefaultValueFactory = _ => 1 };
        var alphabet = new Option<int>("--alphabet") { Description = "Alphabet size (letters a…), 2–26.", DefaultValueFactory = _ => 8 };

        var command = new Command("synth-corpus", "Generate a synthetic corpus whose conditional entropy is known analytically.")
        {
            output, domains, docs, docLength, seed, alphabet,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var spec = new SyntheticCorpusSpec(
                OutputDirectory: parse.GetValue(output)!.FullName,
                Domains: parse.GetValue(domains),
                DocumentsPerDomain: parse.GetValue(docs),
                DocumentLength: parse.GetValue(docLength),
                Seed: parse.GetValue(seed),
                AlphabetSize: parse.GetValue(alphabet));
            try
            {
                var written = SyntheticCorpusGenerator.Generate(spec, cancellationToken);
                foreach (var d in written)
                    Console.WriteLine($"{d.Name}\tconcentration={d.Concentration:G4}\tSE={d.Source.AnalyticShannonEntropy:F6}\tJE={d.Source.AnalyticJointEntropy:F6}\tCE={d.Source.AnalyticConditionalEntropy:F6}");
                Console.WriteLine($"wrote {written.Count} domains to {spec.OutputDirectory} (analytic values in {SyntheticCorpusGenerator.AnalyticFileName})");
                return Task.FromResult(0);
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"synth-corpus: {e.Message}");
                return Task.FromResult(2);
            }
        });
        return command;
    }
}
