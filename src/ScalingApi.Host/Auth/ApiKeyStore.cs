using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ScalingApi.Storage;

namespace ScalingApi.Host.Auth;

/// <summary>
/// The accepted API keys. Configured keys win; otherwise a random key is generated once, written
/// owner-read/write only (0600) under the data directory, and reused on later starts — like
/// Jupyter's token, the log says where to find it rather than printing it.
/// </summary>
public sealed class ApiKeyStore
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _keys;

    public ApiKeyStore(IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, ILogger<ApiKeyStore> logger)
    {
        var configured = auth.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray();
        if (configured.Length > 0)
        {
            _keys = configured.Select(Encoding.UTF8.GetBytes).ToArray();
            return;
        }
        KeyFile = Path.GetFullPath(auth.Value.KeyFile ?? Path.Combine(storage.Value.DataDirectory, "api-key"));
        var key = File.Exists(KeyFile) ? ReadExisting(KeyFile) : Generate(KeyFile);
        _keys = [Encoding.UTF8.GetBytes(key)];
        logger.LogWarning("No Auth:ApiKeys configured; write requests need the X-Api-Key stored in {KeyFile}", KeyFile);
    }

    /// <summary>Path of the generated key, or null when keys come from configuration.</summary>
    public string? KeyFile { get; }

    public bool Accepts(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var bytes = Encoding.UTF8.GetBytes(presented);
        // constant-time per key so response timing does not reveal a key's prefix
        return _keys.Aggregate(false, (ok, key) => CryptographicOperations.FixedTimeEquals(bytes, key) | ok);
    }

    /// <summary>
    /// A key file someone else can read is a leaked key, and an empty one would start a service that
    /// refuses every write without saying why: both stop the start-up with the fix in the message.
    /// </summary>
    private static string ReadExisting(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var open = File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                                     | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            if (open != 0)
                throw new InvalidOperationException(
                    $"The API key file {path} is accessible to group or others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0')}); " +
                    $"restrict it with `chmod 600 {path}` (or delete it to have a new key generated), then start again.");
        }
        var key = File.ReadAllText(path).Trim();
        if (key.Length == 0)
            throw new InvalidOperationException(
                $"The API key file {path} is empty, so every write would be refused; put a key in it or delete it to have one generated, then start again.");
        return key;
    }

    private static string Generate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        // no BOM: people copy the file into a header with `cat`
        using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options)) writer.Write(key);
        // the create mode is filtered by the umask; set it explicitly too
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
