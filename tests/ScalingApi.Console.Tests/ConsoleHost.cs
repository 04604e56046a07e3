using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ScalingApi.Corpora.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Console.Tests;

/// <summary>The real service on a real Kestrel port (a browser cannot reach the in-memory test server), with its own SQLite file.</summary>
public sealed class ConsoleHost : WebApplicationFactory<Program>
{
    public const string Key = "console-key-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scalingapi-console-" + Guid.NewGuid().ToString("N"));

    /// <summary>The service's one corpus root, for experiments whose domains reference text.</summary>
    public string CorpusRoot => Path.Combine(DataDirectory, "corpora");

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Configuration beyond the key, database and corpus root (e.g. the Slurm executor's).</param>
    public ConsoleHost(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        Directory.CreateDirectory(CorpusRoot);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Auth:ApiKeys:0", Key);
        builder.UseSetting("Storage:DatabasePath", Path.Combine(DataDirectory, "scalingapi.db"));
        builder.UseSetting("Corpora:Roots:0", CorpusRoot);
        builder.UseSetting("Sweeps:CheckpointDirectory", Path.Combine(DataDirectory, "checkpoints"));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>
    /// A small generated corpus under the root, one subfolder per domain (folder/name): a few kilobytes of Markov
    /// text each, so statistics jobs and tiny sweeps over it take seconds and nothing comes from the network.
    /// </summary>
    public void AddSyntheticCorpus(string folder, params string[] domains)
    {
        var output = Path.Combine(CorpusRoot, folder);
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(output, domains.Length, DocumentsPerDomain: 40, DocumentLength: 300, Seed: 5));
        foreach (var (domain, name) in generated.Zip(domains)) Directory.Move(domain.Directory, Path.Combine(output, name));
    }

    /// <summary>The base URL the browser opens (http://127.0.0.1:port/).</summary>
    public string Url
    {
        get
        {
            StartServer();
            using var client = CreateClient();
            return client.BaseAddress!.AbsoluteUri;
        }
    }

    private SqliteConnectionFactory? _store;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _store = host.Services.GetService<SqliteConnectionFactory>();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store?.ClearPool(); // only this host's pool: ClearAllPools closes the connections of other hosts still in use
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
