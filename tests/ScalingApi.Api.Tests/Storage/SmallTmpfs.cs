using System.Diagnostics;
using Xunit;

namespace ScalingApi.Api.Tests.Storage;

/// <summary>
/// A 2 MiB tmpfs of its own, so a test can fill the disk or make it read-only for real. Needs root
/// (CI runs as root); elsewhere the test is skipped with the reason, and with CI=true it fails instead.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "scalingapi-tmpfs-" + Guid.NewGuid().ToString("N"));

    public SmallTmpfs()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", Directory);
        if (code == 0) return;
        System.IO.Directory.Delete(Directory);
        var reason = $"cannot mount a tmpfs ({error.Trim()}); run the tests as root to include the disk-full and read-only tests";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but " + reason);
        Skip.If(true, reason);
    }

    public void RemountReadOnly() => Require(Run("mount", "-o", "remount,ro", Directory));

    /// <summary>Writes zeros to <paramref name="path"/> until the file system is full.</summary>
    public static void FillUp(string path)
    {
        using var filler = new FileStream(path, FileMode.Create);
        var block = new byte[64 * 1024];
        try { while (true) filler.Write(block); }
        catch (IOException) { }
        try { filler.Flush(); } catch (IOException) { }
    }

    private static void Require((int Code, string Error) result)
    {
        if (result.Code != 0) throw new InvalidOperationException(result.Error);
    }

    private static (int, string) Run(string command, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }

    public void Dispose()
    {
        Run("umount", "-l", Directory);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
