using System.Text.RegularExpressions;
using PuppeteerSharp;

namespace ScalingApi.Console.Tests;

/// <summary>
/// A person's first session in the web console, in headless chromium against the real service: enter the key,
/// create the README's walkthrough experiment (runs and losses), fit it and look at the fit's curves.
/// Screenshots go to SCALINGAPI_SCREENSHOTS when set (docs/ is refreshed that way), else to a temp folder.
/// </summary>
public sealed class ConsoleTests : IAsyncLifetime
{
    private readonly ConsoleHost _host = new();
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "scalingapi-chromium-" + Guid.NewGuid().ToString("N"));
    private IBrowser? _browser;

    private static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("SCALINGAPI_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.GetTempPath();

    private const string Csv = """
        run,step,domain,loss
        web-heavy,1000,web,2.4322
        web-heavy,1000,code,2.3505
        web-heavy,4000,web,2.2675
        web-heavy,4000,code,2.1141
        web-heavy,16000,web,2.1728
        web-heavy,16000,code,1.9581
        web-heavy,64000,web,2.1185
        web-heavy,64000,code,1.8552
        balanced,1000,web,2.5493
        balanced,1000,code,1.9569
        balanced,4000,web,2.3766
        balanced,4000,code,1.7601
        balanced,16000,web,2.2774
        balanced,16000,code,1.6302
        balanced,64000,web,2.2204
        balanced,64000,code,1.5446
        code-heavy,1000,web,2.6829
        code-heavy,1000,code,1.8295
        code-heavy,4000,web,2.5011
        code-heavy,4000,code,1.6455
        code-heavy,16000,web,2.3968
        code-heavy,16000,code,1.5241
        code-heavy,64000,web,2.3368
        code-heavy,64000,code,1.444
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task A_new_user_enters_the_key_creates_the_walkthrough_experiment_fits_it_and_sees_the_curves()
    {
        _browser = await Chromium.Launch(_profile);
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = 30_000;
        var url = _host.Url;
        await page.GoToAsync(url, WaitUntilNavigation.Load);
        Assert.Equal("ScalingApi console", await page.GetTitleAsync());

        // the key goes into sessionStorage, not into the page
        await page.TypeAsync("#api-key", ConsoleHost.Key);
        await page.Keyboard.PressAsync("Enter");
        await WaitFor(page, "() => document.querySelector('#key-status').textContent.includes('Key set')");
        Assert.Equal(ConsoleHost.Key, await page.EvaluateExpressionAsync<string>("sessionStorage.getItem('scalingapi-key')"));
        Assert.DoesNotContain(ConsoleHost.Key, await page.GetContentAsync());

        var name = "walkthrough-" + DateTime.UtcNow.ToString("HHmmssfff");
        await page.ClickAsync("#experiments summary");
        await page.TypeAsync("#experiment-name", name);
        await page.TypeAsync("#experiment-domains", "web 3e10\ncode 5e9");
        await page.TypeAsync("#experiment-tps", "65536");
        await page.ClickAsync("#experiment-form button[type=submit]");
        await WaitFor(page, $"() => document.querySelector('#experiment-heading').textContent.includes('{name}')");
        Assert.Contains(name, await Text(page, "#experiment-list tbody"));

        foreach (var (run, mixture) in new[] { ("web-heavy", "web=0.8, code=0.2"), ("balanced", "web=0.5, code=0.5"), ("code-heavy", "web=0.3, code=0.7") })
        {
            await page.TypeAsync("#run-name", run);
            await Fill(page, "#run-mixture", mixture);
            await page.ClickAsync("#run-form button[type=submit]");
            await WaitFor(page, $"() => document.querySelector('#run-list tbody').textContent.includes('{run}')");
        }

        await Fill(page, "#observations-csv", Csv);
        await page.ClickAsync("#observations-form button[type=submit]");
        await WaitFor(page, "() => document.querySelector('#observations-result').textContent.length > 0");
        Assert.Equal("24 inserted, 0 unchanged, 0 replaced", await Text(page, "#observations-result"));
        await Screenshot(page, "console.png");

        await Fill(page, "#fit-bootstrap", "50");
        await page.ClickAsync("#fit-form button[type=submit]");
        await page.WaitForSelectorAsync("#fit-curves svg path", new WaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#fit-parameters tbody tr').length"));
        Assert.Matches(new Regex(@"Held out \(last-step\), relative-error: mean \d"), await Text(page, "#fit-holdout-summary"));
        // the fitted curves: at least one drawn line per run, and the run names in the legend
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#fit-curves svg path[stroke-width=\"2\"]').length") >= 3);
        var figure = await Text(page, "#fit-curves");
        foreach (var run in new[] { "web-heavy", "balanced", "code-heavy" }) Assert.Contains(run, figure);
        var curves = await page.QuerySelectorAsync("#fit-curves");
        await curves.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "fit-curves.png"));

        // keyboard only: switch the domain shown and optimise the mixture
        await page.FocusAsync("#fit-domain");
        await page.SelectAsync("#fit-domain", "code");
        await WaitFor(page, "() => document.querySelector('#fit-curves').textContent.includes('code validation loss')");
        await page.TypeAsync("#optimal-steps", "64000");
        await page.Keyboard.PressAsync("Enter");
        await WaitFor(page, "() => document.querySelector('#fit-mixtures').textContent.includes('optimal: loss')");
        Assert.Contains("uniform: loss", await Text(page, "#fit-mixtures"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#message').hidden"), await Text(page, "#message"));
    }

    [BrowserFact]
    public async Task A_user_launches_a_tiny_sweep_from_the_console_and_watches_it_progress_to_completed()
    {
        _host.AddSyntheticCorpus("synth", "prose", "code");
        _browser = await Chromium.Launch(_profile);
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = 30_000;
        await page.GoToAsync(_host.Url, WaitUntilNavigation.Load);
        await page.TypeAsync("#api-key", ConsoleHost.Key);
        await page.Keyboard.PressAsync("Enter");
        await WaitFor(page, "() => document.querySelector('#key-status').textContent.includes('Key set')");

        // domains read from the corpus root: "name tokens corpus", "-" for no declared token count
        await page.ClickAsync("#experiments summary");
        await page.TypeAsync("#experiment-name", "sweep-" + DateTime.UtcNow.ToString("HHmmssfff"));
        await Fill(page, "#experiment-domains", "prose - synth/prose\ncode - synth/code");
        await page.ClickAsync("#experiment-form button[type=submit]");
        await WaitFor(page, "() => !document.querySelector('#experiment').hidden && document.querySelector('#experiment-heading').textContent.includes('sweep-')");

        await page.ClickAsync("details:has(#sweep-form) > summary");
        await page.TypeAsync("#sweep-name", "tiny");
        await Fill(page, "#sweep-mixtures", "prose=0.7, code=0.3\nprose=0.3, code=0.7");
        await page.SelectAsync("#sweep-preset", "tiny");
        await Fill(page, "#sweep-steps", "12");
        await Fill(page, "#sweep-checkpoints", "2");
        await page.ClickAsync("#sweep-form button[type=submit]");
        await WaitFor(page, "() => !document.querySelector('#sweep').hidden && document.querySelector('#sweep-status').textContent.length > 0");
        var launched = await Text(page, "#sweep-status");
        Assert.Matches(new Regex(@"^(pending|running): 0 of 2 runs completed"), launched);

        // The page does not poll: only the sweep's Server-Sent Events make it read the sweep again.
        await WaitFor(page, "() => document.querySelector('#sweep-status').textContent.startsWith('completed')", TimeSpan.FromMinutes(4));
        Assert.StartsWith("completed: 2 of 2 runs completed", await Text(page, "#sweep-status"));
        await WaitFor(page, "() => document.querySelector('#sweep-list').textContent.includes('tiny (completed)')");
        var rows = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#sweep-runs tbody tr')].map(r => r.textContent)");
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Contains("completed12 / 12", row));
        var events = await Text(page, "#sweep-events");
        foreach (var type in new[] { "sweep-created", "run-leased", "run-completed", "sweep-finished" }) Assert.Contains(type, events);
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#sweep-losses svg path').length") > 0);
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#message').hidden"), await Text(page, "#message"));
        await Screenshot(page, "console-sweep.png");
    }

    [BrowserFact]
    public async Task A_write_without_the_key_shows_the_services_problem_and_swagger_still_answers()
    {
        _browser = await Chromium.Launch(_profile);
        var page = await _browser.NewPageAsync();
        await page.GoToAsync(_host.Url, WaitUntilNavigation.Load);
        await page.ClickAsync("#experiments summary");
        await page.TypeAsync("#experiment-name", "no-key");
        await page.TypeAsync("#experiment-domains", "web");
        await page.ClickAsync("#experiment-form button[type=submit]");
        await WaitFor(page, "() => !document.querySelector('#message').hidden");
        Assert.Contains("401 Missing or wrong API key.", await Text(page, "#message"));

        var swagger = await page.GoToAsync(_host.Url + "swagger/index.html");
        Assert.Equal(System.Net.HttpStatusCode.OK, swagger.Status);
    }

    /// <summary>Waits for a condition in the page; on timeout the failure carries what the console showed the user.</summary>
    private static async Task WaitFor(IPage page, string condition, TimeSpan? timeout = null)
    {
        var options = new WaitForFunctionOptions { Timeout = (int)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds };
        try { await page.WaitForFunctionAsync(condition, options); }
        catch (WaitTaskTimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"timed out waiting for {condition}; the console says: '{await Text(page, "#message")}'");
        }
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent", selector);

    /// <summary>Sets a field's whole value at once (typing a long CSV key by key is slow) and tells the page it changed.</summary>
    private static Task Fill(IPage page, string selector, string value) =>
        page.EvaluateFunctionAsync("(s, v) => { const e = document.querySelector(s); e.value = v; e.dispatchEvent(new Event('input')); }", selector, value);

    private static Task Screenshot(IPage page, string file) =>
        page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, file), new ScreenshotOptions { FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        await _host.DisposeAsync();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}
