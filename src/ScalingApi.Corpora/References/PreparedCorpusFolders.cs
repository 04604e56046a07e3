using System.Text.RegularExpressions;

namespace ScalingApi.Corpora.References;

/// <summary>A prepared domain's output folder and the corpus reference (relative to a root) that names it.</summary>
public sealed record PreparedFolder(string Path, string Reference);

/// <summary>
/// The managed folder corpus preparation writes into (<see cref="CorporaOptions.PreparedRoot"/>), laid out as
/// <c>exp-{experiment}/job-{job}/{domain}/</c>. It must be one of the corpus roots or lie inside one, so a prepared
/// domain is an ordinary relative reference the resolver accepts; every folder it creates or deletes is checked,
/// symbolic links resolved, to be inside it.
/// </summary>
public sealed partial class PreparedCorpusFolders
{
    public const string DefaultFolderName = ".prepared";

    private readonly string? _realRoot;

    /// <exception cref="CorpusPathEscapeException">The configured prepared root is outside every corpus root.</exception>
    public PreparedCorpusFolders(CorporaOptions options)
    {
        if (RootOf(options) is not { } root) return;
        var roots = options.Roots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => System.IO.Path.GetFullPath(r)).ToList();
        var realRoot = RealPath.Resolve(root);
        // the first root holding it, in configuration order: the resolver tries roots in that order too
        CorpusRoot = roots.FirstOrDefault(r => RealPath.IsInside(root, r) && RealPath.IsInside(realRoot, RealPath.Resolve(r)))
                     ?? throw new CorpusPathEscapeException(root,
                         $"Corpora:PreparedRoot '{root}' must be one of the corpus roots (Corpora:Roots) or inside one.");
        Root = root;
        _realRoot = realRoot;
    }

    /// <summary>The configured prepared root as an absolute path (not checked), or null when no corpus root is configured.</summary>
    public static string? RootOf(CorporaOptions options) =>
        options.Roots.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r)) is { } first
            ? System.IO.Path.GetFullPath(options.PreparedRoot ?? System.IO.Path.Combine(first, DefaultFolderName))
            : null;

    /// <summary>Absolute prepared root, or null when no corpus root is configured (preparation is then unavailable).</summary>
    public string? Root { get; }

    /// <summary>The corpus root that holds <see cref="Root"/>; prepared references are relative to it.</summary>
    public string? CorpusRoot { get; }

    /// <summary>The folder holding every domain of a job.</summary>
    public PreparedFolder Job(long experimentId, long jobId) =>
        Named(System.IO.Path.Combine(RequireRoot(), $"exp-{experimentId}", $"job-{jobId}"));

    /// <summary>The output folder of one domain of a job. The domain's name is the folder name when it is a plain
    /// file name (letters, digits, '.', '_', '-'); any other name (slashes, spaces, glob characters…) becomes <c>domain-{id}</c>.</summary>
    public PreparedFolder Domain(long experimentId, long jobId, long domainId, string domainName) =>
        Named(System.IO.Path.Combine(Job(experimentId, jobId).Path, FolderName(domainName, domainId)));

    private PreparedFolder Named(string folder) =>
        new(folder, System.IO.Path.GetRelativePath(CorpusRoot!, folder).Replace(System.IO.Path.DirectorySeparatorChar, '/'));

    /// <summary>Deletes whatever a previous attempt left in <paramref name="folder"/> and creates it empty.</summary>
    /// <exception cref="CorpusPathEscapeException">The folder (through a symbolic link on the way) is outside the prepared root.</exception>
    public void CreateEmpty(string folder)
    {
        Delete(folder);
        Directory.CreateDirectory(folder);
        EnsureInside(folder);
    }

    /// <summary>Deletes a folder below the prepared root, if it exists; refuses anything else.</summary>
    public void Delete(string folder)
    {
        EnsureInside(folder);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private void EnsureInside(string folder)
    {
        var root = RequireRoot();
        var full = System.IO.Path.GetFullPath(folder);
        if (full == root || !RealPath.IsInside(full, root) || !RealPath.IsInside(RealPath.Resolve(full), _realRoot!))
            throw new CorpusPathEscapeException(folder, $"Prepared output '{folder}' would be outside the prepared root (Corpora:PreparedRoot).");
    }

    private string RequireRoot() =>
        Root ?? throw new CorpusNotFoundException("", "No corpus roots are configured (Corpora:Roots), so there is no prepared root.");

    internal static string FolderName(string domainName, long domainId) =>
        PlainName().IsMatch(domainName) && domainName is not ("." or "..") ? domainName : $"domain-{domainId}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex PlainName();
}
