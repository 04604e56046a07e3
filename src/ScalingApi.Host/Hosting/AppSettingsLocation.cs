using ScalingApi.Host.Auth;
using ScalingApi.Host.Sweeps;
using ScalingApi.Storage;

namespace ScalingApi.Host.Hosting;

/// <summary>
/// The repository keeps one appsettings.json at its root, but <c>dotnet run --project src/ScalingApi.Host</c>
/// makes the project folder the content root. So the settings file is the first appsettings.json found
/// from the content root upwards (in the container it sits in the content root itself), and relative
/// paths in it (Storage:DatabasePath, Auth:KeyFile, Corpora:Roots, Sweeps:CheckpointDirectory) are relative to the folder that holds it.
/// </summary>
public static class AppSettingsLocation
{
    public static WebApplicationBuilder AddRootAppSettings(this WebApplicationBuilder builder)
    {
        var root = Find(builder.Environment.ContentRootPath) ?? builder.Environment.ContentRootPath;
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(Path.Combine(root, "appsettings.json")))
        {
            // insert right after the default (missing) content-root appsettings so environment variables and
            // command-line arguments still override it
            var sources = builder.Configuration.Sources;
            var index = sources.Select((s, i) => (s, i))
                .Where(x => x.s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path: "appsettings.json" })
                .Select(x => x.i + 1).DefaultIfEmpty(0).First();
            var file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = Path.Combine(root, "appsettings.json"), Optional = false, ReloadOnChange = false,
            };
            file.ResolveFileProvider();
            sources.Insert(index, file);
        }

        builder.Services.PostConfigure<StorageOptions>(o => o.DatabasePath = Path.GetFullPath(o.DatabasePath, root));
        builder.Services.PostConfigure<AuthOptions>(o => o.KeyFile = o.KeyFile is null ? null : Path.GetFullPath(o.KeyFile, root));
        builder.Services.PostConfigure<ScalingApi.Corpora.CorporaOptions>(o =>
        {
            o.Roots = o.Roots.Select(r => Path.GetFullPath(r, root)).ToList();
            o.PreparedRoot = o.PreparedRoot is null ? null : Path.GetFullPath(o.PreparedRoot, root);
        });
        builder.Services.PostConfigure<SweepOptions>(o => o.CheckpointDirectory = o.CheckpointDirectory is null ? null : Path.GetFullPath(o.CheckpointDirectory, root));
        return builder;
    }

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json"))) return dir.FullName;
        return null;
    }
}
