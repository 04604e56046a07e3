using System.Text;
using System.Text.RegularExpressions;

namespace ScalingApi.Corpora.References;

/// <summary>
/// The documented corpus glob: '*' and '?' match within one path segment, '**' matches any number of segments;
/// every other character, '[' included, is itself. Patterns use '/' separators and are matched, case-sensitively,
/// against paths relative to the glob's fixed prefix.
/// </summary>
/// <remarks>
/// Not Microsoft.Extensions.FileSystemGlobbing: its pattern segments know only '*' ('?' is a literal character
/// there), so "web/part-?.txt" would silently stop matching "web/part-1.txt".
/// </remarks>
internal sealed class CorpusGlob
{
    private readonly Regex _regex;

    private CorpusGlob(string baseDirectory, Regex regex) { BaseDirectory = baseDirectory; _regex = regex; }

    /// <summary>The leading part of the pattern without wildcards; enumeration starts here.</summary>
    public string BaseDirectory { get; }

    // '[' used to count here while Parse matched it literally: a folder named "[2024]" became a pattern naming one file
    public static bool IsGlob(string reference) => reference.IndexOfAny(Wildcards) >= 0;

    private static readonly char[] Wildcards = ['*', '?'];

    public static CorpusGlob Parse(string reference)
    {
        var segments = reference.Replace('\\', '/').Split('/');
        var fixedCount = 0;
        while (fixedCount < segments.Length - 1 && !IsGlob(segments[fixedCount])) fixedCount++;
        var baseDir = string.Join('/', segments[..fixedCount]);
        var pattern = new StringBuilder("^");
        var rest = segments[fixedCount..];
        for (var i = 0; i < rest.Length; i++)
        {
            var segment = rest[i];
            if (segment == "**")
            {
                // "**/" may match zero segments
                pattern.Append(i == rest.Length - 1 ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            foreach (var c in segment)
                pattern.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            if (i < rest.Length - 1) pattern.Append('/');
        }
        pattern.Append('$');
        return new CorpusGlob(baseDir, new Regex(pattern.ToString(), RegexOptions.CultureInvariant));
    }

    public bool Matches(string relativePath) => _regex.IsMatch(relativePath.Replace('\\', '/'));
}
