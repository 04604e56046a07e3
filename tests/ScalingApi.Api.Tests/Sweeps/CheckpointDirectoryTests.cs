using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Host.Sweeps.Executors.Local;
using Xunit;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// A relative Sweeps:CheckpointDirectory follows the same rule as the other paths in appsettings.json: relative to
/// the folder holding that file, not to whatever directory the service happens to be started from.
/// </summary>
public sealed class CheckpointDirectoryTests(CheckpointDirectoryTests.Service factory) : IClassFixture<CheckpointDirectoryTests.Service>
{
    public sealed class Service : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Sweeps:CheckpointDirectory"] = "data/relative-checkpoints",
        };
    }

    [Fact]
    public void Relative_checkpoint_directory_is_resolved_against_the_settings_folder_not_the_working_directory()
    {
        var contentRoot = factory.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var settingsFolder = new DirectoryInfo(contentRoot);
        while (!File.Exists(Path.Combine(settingsFolder.FullName, "appsettings.json"))) settingsFolder = settingsFolder.Parent!;
        Assert.NotEqual(Path.GetFullPath(settingsFolder.FullName), Path.GetFullPath(Environment.CurrentDirectory)); // or the test proves nothing

        var root = factory.Services.GetRequiredService<WorkerLaunch>().CheckpointRoot();

        Assert.Equal(Path.Combine(settingsFolder.FullName, "data", "relative-checkpoints"), root);
    }
}
