using PuppeteerSharp;

namespace ScalingApi.Console.Tests;

/// <summary>
/// Tests in Debian's headless chromium. They skip on a developer machine without /usr/bin/chromium, but with
/// CI=true a missing browser is a failure, not a skip (.ci/run installs it).
/// </summary>
public sealed class BrowserFactAttribute : SkippableFactAttribute;

internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The system browser, headless, in a fresh profile, with everything that would reach the network turned off.</summary>
    public static async Task<IBrowser> Launch(string profileDirectory)
    {
        CommandLine.Require(ExecutablePath, "apt-get install chromium");
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            UserDataDir = profileDirectory,
            DefaultViewport = new ViewPortOptions { Width = 1200, Height = 900 },
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }
}
