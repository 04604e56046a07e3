using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Api.Tests.Infrastructure;

/// <summary>
/// The real host over real HTTP (in-memory transport) with its own SQLite file in a fresh temp
/// directory. One instance per test class (IClassFixture); tests create their own experiments so
/// they do not depend on each other's data.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string Key = "test-key-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scalingapi-tests-" + Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(DataDirectory, "scalingapi.db");

    /// <summary>Extra configuration for subclasses (e.g. no keys, small body limit).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = Key };

    // the host's own connection factory, kept to clear its pool (and only its pool) when the host is gone
    private SqliteConnectionFactory? _store;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _store = host.Services.GetService<SqliteConnectionFactory>();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DatabasePath", DatabasePath);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Authorized()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }

    /// <summary>This service's database as a copy of another's: the same service after a restart.</summary>
    public void CopyDatabaseFrom(ApiFactory source)
    {
        Directory.CreateDirectory(DataDirectory);
        using var from = new SqliteConnection($"Data Source={source.DatabasePath};Pooling=False");
        using var to = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        from.Open();
        from.BackupDatabase(to);
    }

    public long CountRows(string table) => CountRowsAt(DatabasePath, table);

    public long CountRowsAt(string databasePath, string table)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // ClearAllPools would also close the connections of the test classes still running, which removes their -wal files mid-test
        _store?.ClearPool();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
