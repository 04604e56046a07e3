using System.Text;
using System.Text.RegularExpressions;

namespace ScalingApi.Corpora.References;

/// <summary>
/// Minimal glob: '*' and '?' match within one path segment, '**' matches any number of segments.
/// Patterns use '/' separators and are matched against paths relative to the glob's fixed prefix.
/// </summary>
internal sealed class CorpusGlob
{
    private readonly Regex _regex;

    private CorpusGlob(string baseDirectory, Regex regex) { BaseDirectory = baseDirectory; _regex = regex; }

    /// <summary>The leading part of the pattern without wildcards; enumeration starts here.</summary>
    public string BaseDirectory { get; }

    public static bool IsGlob(string reference) => reference.IndexOfAny(['*', '?', '[']) >= 0;

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
