using System.Text.RegularExpressions;
using ScalingApi.Host.Corpora;
using ScalingApi.Storage;

namespace ScalingApi.Host.Hosting;

/// <summary>
/// Takes the server's own file-system layout out of text that reaches a client (a corpus job's error,
/// a run's last error): a path under a corpora root becomes relative to that root, the data directory
/// and the working directory become placeholders, and any other absolute path becomes "&lt;server path&gt;".
/// </summary>
public sealed partial class ServerPaths(CorpusReferences corpora, StorageOptions storage)
{
    private readonly (string Prefix, string Replacement)[] _known =
        corpora.Roots.Select(root => (WithSeparator(root), ""))
            .Append((WithSeparator(storage.DataDirectory), "<data>/"))
            .Append((WithSeparator(Environment.CurrentDirectory), "<working directory>/"))
            .Append((WithSeparator(AppContext.BaseDirectory), "<app>/"))
            .OrderByDescending(p => p.Item1.Length) // the most specific prefix first
            .ToArray();

    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var (prefix, replacement) in _known) text = text.Replace(prefix, replacement, StringComparison.Ordinal);
        return AbsolutePath().Replace(text, "<server path>");
    }

    private static string WithSeparator(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) + Path.DirectorySeparatorChar;

    // two or more segments after a leading slash, not inside a word, URL or placeholder, and not this API's own routes
    [GeneratedRegex(@"(?<![\w:/.<>])/(?!api/)[^\s'""/:,;()]+(?:/[^\s'""/:,;()]+)+/?")]
    private static partial Regex AbsolutePath();
}
