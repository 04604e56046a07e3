using Microsoft.Extensions.FileProviders;

namespace ScalingApi.Host.WebConsole;

public static class ConsoleRegistration
{
    /// <summary>
    /// Serves the web console (plain HTML, CSS and JavaScript in wwwroot, copied next to the assembly) at <c>/</c>.
    /// Files are read from beside the assembly rather than the content root, which the repository's
    /// settings lookup moves around (see AppSettingsLocation).
    /// </summary>
    public static WebApplication UseWebConsole(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(folder)) return app;
        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
