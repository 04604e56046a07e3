using ScalingApi.Corpora.References;

namespace ScalingApi.Corpora.Tests;

public sealed class ResolverTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;
    private readonly string _outside;
    private readonly CorpusReferenceResolver _resolver;

    public ResolverTests()
    {
        _root = Path.Combine(_temp.Path, "root");
        _outside = Path.Combine(_temp.Path, "outside");
        _temp.Write("root/web/b.txt", "b");
        _temp.Write("root/web/a.txt", "a");
        _temp.Write("root/web/sub/c.jsonl", "{\"text\":\"c\"}");
        _temp.Write("root/web/readme.md", "not a corpus file");
        _temp.Write("root/books/x.txt.gz", [0x1f, 0x8b]);
        _temp.Write("outside/secret.txt", "secret");
        _resolver = new CorpusReferenceResolver(new CorporaOptions { Roots = [_root] });
    }

    [Fact]
    public void Folder_resolves_to_supported_files_in_stable_order()
    {
        var resolved = _resolver.Resolve("web");
        Assert.Equal(
            new[] { "web/a.txt", "web/b.txt", "web/sub/c.jsonl" },
            resolved.Files.Select(f => Path.GetRelativePath(_root, f)));
    }

    [Fact]
    public void Single_file_and_globs_resolve()
    {
        Assert.Single(_resolver.Resolve("books/x.txt.gz").Files);
        Assert.Equal(2, _resolver.Resolve("web/*.txt").Files.Count);
        Assert.Equal(3, _resolver.Resolve("web/**").Files.Count);
        Assert.Equal(["c.jsonl"], _resolver.Resolve("**/*.jsonl").Files.Select(Path.GetFileName));
    }

    /// <summary>
    /// Issue 14: '[' made a reference a glob (so a folder became a pattern naming a single file) while the pattern
    /// matched it as an ordinary character: a folder or a file with '[' in its name matched nothing, or missed the
    /// unsupported-extension error a plain file gets. The documented wildcards are '*', '?' and '**'; '[' is literal.
    /// </summary>
    [Fact]
    public void Brackets_are_ordinary_characters_of_file_and_folder_names()
    {
        _temp.Write("root/dated/[2024]/a.txt", "a");
        _temp.Write("root/dated/[2024]/b.txt", "b");
        _temp.Write("root/dated/notes[1].md", "not a corpus file");

        Assert.Equal(["a.txt", "b.txt"], _resolver.Resolve("dated/[2024]").Files.Select(Path.GetFileName));
        Assert.Equal(["a.txt"], _resolver.Resolve("dated/[2024]/a.txt").Files.Select(Path.GetFileName));
        Assert.Equal(["a.txt", "b.txt"], _resolver.Resolve("dated/[2024]/?.txt").Files.Select(Path.GetFileName));
        var unsupported = Assert.Throws<CorpusNotFoundException>(() => _resolver.Resolve("dated/notes[1].md"));
        Assert.Contains("unsupported extension", unsupported.Message);
    }

    [Fact]
    public void Absolute_path_inside_a_root_is_accepted()
    {
        Assert.Equal(3, _resolver.Resolve(Path.Combine(_root, "web")).Files.Count);
    }

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("web/../../outside")]
    [InlineData("../outside/*.txt")]
    public void Dot_dot_escapes_are_refused(string reference)
    {
        var e = Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve(reference));
        Assert.Contains("outside the configured corpus roots", e.Message);
        Assert.Equal(reference, e.Reference);
    }

    [Fact]
    public void Absolute_path_elsewhere_is_refused_even_when_missing()
    {
        Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve(Path.Combine(_outside, "secret.txt")));
        Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve("/etc/no-such-file.txt"));
    }

    [Fact]
    public void Symlinked_file_pointing_out_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "web", "link.txt"), Path.Combine(_outside, "secret.txt"));
        Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve("web/link.txt"));
        Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve("web"));
    }

    [Fact]
    public void Symlinked_directory_pointing_out_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "escape"), _outside);
        Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve("escape/secret.txt"));
        Assert.Throws<CorpusPathEscapeException>(() => _resolver.Resolve("escape"));
    }

    [Fact]
    public void Symlink_staying_inside_the_root_is_allowed()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "alias.txt"), Path.Combine(_root, "web", "a.txt"));
        Assert.Equal(Path.Combine(_root, "web", "a.txt"), Assert.Single(_resolver.Resolve("alias.txt").Files));
    }

    [Fact]
    public void Missing_or_empty_references_are_not_found()
    {
        Assert.Throws<CorpusNotFoundException>(() => _resolver.Resolve("nope"));
        Assert.Throws<CorpusNotFoundException>(() => _resolver.Resolve("web/readme.md"));
        Assert.Throws<CorpusNotFoundException>(() => _resolver.Resolve("web/*.parquet"));
        Assert.Throws<CorpusNotFoundException>(() => _resolver.Resolve(""));
    }

    public void Dispose() => _temp.Dispose();
}
