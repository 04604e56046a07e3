using Microsoft.Extensions.Options;
using ScalingApi.Corpora;
using ScalingApi.Corpora.References;

namespace ScalingApi.Host.Corpora;

/// <summary>
/// The configured corpus roots and the resolver confined to them (one instance: the roots are read at start-up).
/// </summary>
public sealed class CorpusReferences(IOptions<CorporaOptions> options)
{
    private readonly CorpusReferenceResolver _resolver = new(options.Value);

    public IReadOnlyList<string> Roots { get; } = options.Value.Roots.Select(Path.GetFullPath).ToList();

    /// <exception cref="CorpusReferenceException">Escapes every root, or names no readable corpus file.</exception>
    public ResolvedCorpus Resolve(string reference) => _resolver.Resolve(reference);
}
