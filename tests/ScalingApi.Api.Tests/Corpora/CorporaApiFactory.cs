using ScalingApi.Api.Tests.Infrastructure;

namespace ScalingApi.Api.Tests.Corpora;

/// <summary>
/// The host with one corpus root in a fresh temp directory (<see cref="Root"/>) beside its SQLite file.
/// <see cref="Reopen"/> opens the same database again (a restarted service).
/// </summary>
public class CorporaApiFactory : ApiFactory
{
    private readonly string? _reusedDataDirectory;

    public CorporaApiFactory() { }

    private CorporaApiFactory(string dataDirectory, string root)
    {
        _reusedDataDirectory = dataDirectory;
        _root = root;
    }

    /// <summary>A new host over the same database file and corpus root, as after a restart.</summary>
    public static CorporaApiFactory Reopen(CorporaApiFactory previous) => new(previous.EffectiveDataDirectory, previous.Root);

    private readonly string? _root;

    /// <summary>The configured corpus root; tests write their corpora below it.</summary>
    public string Root => _root ?? Path.Combine(DataDirectory, "corpora");

    /// <summary>The database actually used: the reused one when restarting.</summary>
    public string EffectiveDataDirectory => _reusedDataDirectory ?? DataDirectory;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            Directory.CreateDirectory(Root);
            var settings = base.Settings;
            settings["Corpora:Roots:0"] = Root;
            if (_reusedDataDirectory is not null) settings["Storage:DatabasePath"] = Path.Combine(_reusedDataDirectory, "scalingapi.db");
            return settings;
        }
    }

    /// <summary>Writes a corpus file below <see cref="Root"/> and returns its absolute path.</summary>
    public string WriteCorpusFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
