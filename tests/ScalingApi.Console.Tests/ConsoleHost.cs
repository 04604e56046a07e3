using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace ScalingApi.Console.Tests;

/// <summary>The real service on a real Kestrel port (a browser cannot reach the in-memory test server), with its own SQLite file.</summary>
public sealed class ConsoleHost : WebApplicationFactory<Program>
{
    public const string Key = "console-key-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scalingapi-console-" + Guid.NewGuid().ToString("N"));

    /// <summary>The service's one corpus root, for experiments whose domains reference text.</summary>
    public string CorpusRoot => Path.Combine(DataDirectory, "corpora");

    public ConsoleHost()
    {
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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
