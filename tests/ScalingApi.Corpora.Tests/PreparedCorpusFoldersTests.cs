using ScalingApi.Corpora.References;

namespace ScalingApi.Corpora.Tests;

public sealed class PreparedCorpusFoldersTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private string Root => Path.Combine(_temp.Path, "root");

    [Fact]
    public void The_default_prepared_root_is_a_hidden_folder_of_the_first_root_and_domains_are_relative_references_to_it()
    {
        Directory.CreateDirectory(Root);
        var folders = new PreparedCorpusFolders(new CorporaOptions { Roots = [Root, Path.Combine(_temp.Path, "other")] });
        Assert.Equal(Path.Combine(Root, ".prepared"), folders.Root);
        var web = folders.Domain(3, 7, 11, "web");
        Assert.Equal(Path.Combine(Root, ".prepared", "exp-3", "job-7", "web"), web.Path);
        Assert.Equal(".prepared/exp-3/job-7/web", web.Reference);
    }

    [Theory]
    [InlineData("../../../etc")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("web *.txt")]
    [InlineData("")]
    public void A_domain_name_that_is_not_a_plain_file_name_becomes_domain_and_its_id(string name)
    {
        var folders = new PreparedCorpusFolders(new CorporaOptions { Roots = [Root] });
        Assert.Equal(".prepared/exp-1/job-2/domain-5", folders.Domain(1, 2, 5, name).Reference);
    }

    [Fact]
    public void A_prepared_root_outside_every_corpus_root_is_refused()
    {
        var options = new CorporaOptions { Roots = [Root], PreparedRoot = Path.Combine(_temp.Path, "elsewhere") };
        Assert.Throws<CorpusPathEscapeException>(() => new PreparedCorpusFolders(options));
    }

    [Fact]
    public void A_folder_reached_through_a_symlink_out_of_the_prepared_root_is_neither_created_nor_deleted()
    {
        var outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(Path.Combine(outside, "job-2", "web"));
        File.WriteAllText(Path.Combine(outside, "job-2", "web", "keep.txt"), "not ours");
        Directory.CreateDirectory(Path.Combine(Root, ".prepared"));
        Directory.CreateSymbolicLink(Path.Combine(Root, ".prepared", "exp-1"), outside);
        var folders = new PreparedCorpusFolders(new CorporaOptions { Roots = [Root] });
        var web = folders.Domain(1, 2, 5, "web");

        Assert.Throws<CorpusPathEscapeException>(() => folders.CreateEmpty(web.Path));
        Assert.Throws<CorpusPathEscapeException>(() => folders.Delete(folders.Job(1, 2).Path));
        Assert.True(File.Exists(Path.Combine(outside, "job-2", "web", "keep.txt")));
    }

    [Fact]
    public void CreateEmpty_empties_what_an_interrupted_attempt_left()
    {
        var folders = new PreparedCorpusFolders(new CorporaOptions { Roots = [Root] });
        var web = folders.Domain(1, 2, 5, "web");
        Directory.CreateDirectory(web.Path);
        File.WriteAllText(Path.Combine(web.Path, "part-00000.jsonl.gz.tmp"), "partial");
        folders.CreateEmpty(web.Path);
        Assert.Empty(Directory.GetFileSystemEntries(web.Path));
    }

    [Fact]
    public void A_reference_containing_the_prepared_root_does_not_read_it_but_one_inside_it_does()
    {
        _temp.Write("root/web/a.txt", "a");
        _temp.Write("root/prepared/exp-1/job-1/web/part-00000.jsonl", "{\"text\":\"a\"}");
        var resolver = new CorpusReferenceResolver(new CorporaOptions { Roots = [Root], PreparedRoot = Path.Combine(Root, "prepared") });
        Assert.Equal([Path.Combine(Root, "web", "a.txt")], resolver.Resolve(".").Files);
        Assert.Single(resolver.Resolve("prepared/exp-1/job-1/web").Files);
    }

    public void Dispose() => _temp.Dispose();
}
