using ScalingApi.Corpora.Reading;

namespace ScalingApi.Corpora.References;

/// <summary>
/// Turns a domain's corpus reference (a file, a folder or a glob, relative to one of the configured roots)
/// into the concrete list of corpus files, refusing anything whose real path lies outside every root.
/// </summary>
public sealed class CorpusReferenceResolver
{
    private readonly IReadOnlyList<(string Given, string Real)> _roots;

    /// <summary>Prepared shards are read only through references into this folder: a folder or glob that merely
    /// contains it (a whole root, say) would otherwise read every prepared copy of its own documents as well.</summary>
    private readonly string? _preparedRoot;

    public CorpusReferenceResolver(CorporaOptions options)
    {
        _roots = options.Roots
            .Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => (Given: Path.GetFullPath(r), Real: RealPath.Resolve(r)))
            .ToList();
        _preparedRoot = PreparedCorpusFolders.RootOf(options);
    }

    /// <exception cref="CorpusPathEscapeException">The reference leaves every root.</exception>
    /// <exception cref="CorpusNotFoundException">Nothing readable matches it.</exception>
    public ResolvedCorpus Resolve(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
            throw new CorpusNotFoundException(reference ?? "", "Corpus reference is empty.");
        if (_roots.Count == 0)
            throw new CorpusNotFoundException(reference, "No corpus roots are configured (Corpora:Roots).");

        var isGlob = CorpusGlob.IsGlob(reference);
        var glob = isGlob ? CorpusGlob.Parse(reference) : null;
        var fixedPart = glob?.BaseDirectory ?? reference;

        var anyRootContainsIt = false;
        foreach (var (given, real) in _roots)
        {
            // Lexical check first, so '..' and foreign absolute paths are refused even when they do not exist.
            var lexical = Path.GetFullPath(Path.Combine(given, fixedPart));
            if (!RealPath.IsInside(lexical, given)) continue;
            anyRootContainsIt = true;
            if (!File.Exists(lexical) && !Directory.Exists(lexical)) continue;

            var candidates = glob is not null
                ? EnumerateGlob(lexical, glob)
                : File.Exists(lexical) ? [lexical] : Directory.EnumerateFiles(lexical, "*", Recursive);

            var files = new List<(string Relative, string Real)>();
            var skipPrepared = _preparedRoot is not null && !RealPath.IsInside(lexical, _preparedRoot);
            foreach (var file in candidates)
            {
                if (skipPrepared && RealPath.IsInside(file, _preparedRoot!)) continue;
                var realFile = RealPath.Resolve(file);
                if (!RealPath.IsInside(realFile, real))
                    throw new CorpusPathEscapeException(reference,
                        $"Corpus reference '{reference}' reaches a file through a symbolic link whose target is outside the configured corpus roots.");
                if (!CorpusFileFormat.IsSupported(file))
                {
                    if (glob is null && File.Exists(lexical))
                        throw new CorpusNotFoundException(reference,
                            $"Corpus file '{reference}' has an unsupported extension; expected {CorpusFileFormat.SupportedExtensionsText}.");
                    continue;
                }
                files.Add((Path.GetRelativePath(given, file), realFile));
            }
            if (files.Count == 0)
                throw new CorpusNotFoundException(reference,
                    $"Corpus reference '{reference}' matches no corpus files ({CorpusFileFormat.SupportedExtensionsText}).");
            files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
            return new ResolvedCorpus(reference, given, files.Select(f => f.Real).ToList());
        }

        if (!anyRootContainsIt)
            throw new CorpusPathEscapeException(reference,
                $"Corpus reference '{reference}' points outside the configured corpus roots.");
        throw new CorpusNotFoundException(reference, $"Corpus reference '{reference}' does not exist under any corpus root.");
    }

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        // whatever the enumerator yields (including through symlinks) is real-path checked afterwards
        IgnoreInaccessible = false,
    };

    private static IEnumerable<string> EnumerateGlob(string baseDirectory, CorpusGlob glob)
    {
        if (!Directory.Exists(baseDirectory)) return [];
        return Directory.EnumerateFiles(baseDirectory, "*", Recursive)
            .Where(f => glob.Matches(Path.GetRelativePath(baseDirectory, f)));
    }
}
