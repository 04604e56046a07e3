namespace ScalingApi.Corpora.References;

/// <summary>
/// Canonical path with every symbolic link resolved, component by component, like POSIX realpath.
/// File.ResolveLinkTarget alone only follows the last component; a symlinked directory in the middle
/// of a path would otherwise let a reference escape its root.
/// </summary>
internal static class RealPath
{
    private const int MaxLinkHops = 64;

    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(full[root.Length..]
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? root; continue; }
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops) throw new IOException($"Too many symbolic links resolving '{path}'.");
                var targetFull = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var targetRoot = Path.GetPathRoot(Path.GetFullPath(targetFull))!;
                foreach (var p in Path.GetFullPath(targetFull)[targetRoot.Length..]
                             .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                    pending.Push(p);
                current = targetRoot;
                continue;
            }
            current = next;
        }
        return current;
    }

    public static bool IsInside(string candidate, string directory)
    {
        var dir = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return candidate.StartsWith(dir, StringComparison.Ordinal) || candidate == directory;
    }
}
