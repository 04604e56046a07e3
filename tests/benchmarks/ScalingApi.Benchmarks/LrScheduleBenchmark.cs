using System.Globalization;
using System.Text;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Benchmarks;

/// <summary>
/// bimix against bimix-lr on curves of real tiny TorchSharp runs with a decaying schedule (<see cref="ScheduleCurves"/>):
/// (1) held-out last step: each law fitted on the proxies without their last checkpoint, scored on it;
/// (2) forecast at 3×: each law fitted on every proxy checkpoint, predicting the 3N-step runs (same schedule shape
/// stretched to 3N) at each of their checkpoints beyond N and at their last one.
/// With --extra-curves, the fits are repeated on proxy designs that add <see cref="ScheduleCurves.ExtraRuns"/> (shorter runs, a constant-rate run).
/// Usage: bench lr-schedule [--steps 300] [--threads 1] [--corpus DIR (default: synthetic Markov domains)] [--curves file.csv] [--shape exponential|wsd|cosine] [--seed 7] [--extra-curves file.csv [--short-steps N/2]] [--out results/lr-schedule.md] [--note "..."]
/// </summary>
public static class LrScheduleBenchmark
{
    private static readonly (string Law, double Decay)[] Laws = [("bimix", 0), ("bimix-lr", 0.999), ("bimix-lr", 0.99), ("bimix-lr", 0.95), ("bimix-lr", 0.9), ("bimix-lr-bound", 0)];

    public static Task<int> RunAsync(string[] args)
    {
        var steps = int.Parse(BenchmarkArgs.Value(args, "--steps", "300"), CultureInfo.InvariantCulture);
        var threads = int.Parse(BenchmarkArgs.Value(args, "--threads", "1"), CultureInfo.InvariantCulture);
        var curvesPath = BenchmarkArgs.Value(args, "--curves", $"lr-schedule-curves-{steps}.csv");
        var output = BenchmarkArgs.Value(args, "--out");
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));
        var started = DateTime.UtcNow;
        var corpus = BenchmarkArgs.Value(args, "--corpus");
        var shape = BenchmarkArgs.Value(args, "--shape", "exponential");
        var seed = ulong.Parse(BenchmarkArgs.Value(args, "--seed", ScheduleCurves.DefaultSeed.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var curves = ScheduleCurves.LoadOrTrain(curvesPath, steps, threads, corpus, shape, seed);
        var trainingSeconds = (DateTime.UtcNow - started).TotalSeconds;

        var proxyCurves = curves.Where(c => c.Run.StartsWith("proxy")).ToList();
        var longRuns = Data(curves.Where(c => c.Run.StartsWith("long")).ToList(), shape);
        var options = new LawFitOptions { BootstrapResamples = 0, MaxDegreeOfParallelism = threads };

        // --extra-curves: extra proxies (ScheduleCurves.ExtraRuns) so that at a given step the proxies differ in annealing.
        var extraPath = BenchmarkArgs.Value(args, "--extra-curves");
        var shortSteps = int.Parse(BenchmarkArgs.Value(args, "--short-steps", (steps / 2).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var extra = extraPath is null ? [] : ScheduleCurves.LoadOrTrain(extraPath, ScheduleCurves.ExtraRuns(shortSteps, steps), threads, corpus, shape, seed);
        var shortCurves = extra.Where(c => c.Run.StartsWith("short")).ToList();
        var constantCurves = extra.Where(c => ScheduleCurves.IsConstantRate(c.Run)).ToList();
        List<(string Name, List<ScheduleCurves.Curve> Curves)> designs = [("one length", proxyCurves)];
        if (shortCurves.Count > 0) designs.Add(($"two lengths (+{shortCurves.Select(c => c.Run).Distinct().Count()} × {shortSteps})", [.. proxyCurves, .. shortCurves]));
        if (constantCurves.Count > 0) designs.Add(($"one length + constant-rate uniform × {steps}", [.. proxyCurves, .. constantCurves]));
        if (shortCurves.Count > 0 && constantCurves.Count > 0) designs.Add(("two lengths + constant-rate", [.. proxyCurves, .. shortCurves, .. constantCurves]));

        var rows = new StringBuilder();
        foreach (var (design, designCurves) in designs)
        foreach (var (name, decay) in Laws)
        {
            var proxies = Data(designCurves, shape);
            var law = LawCatalog.Find(name)!;
            options = decay > 0 ? options with { AnnealingDecay = decay } : options;
            var label = decay > 0 ? $"{name}, λ = {decay}" : name;
            var (train, heldOut) = proxies.SplitLastStep();
            // Scored on the decaying proxies of the longest length only, so every design is scored on the same points.
            heldOut = heldOut with { Observations = heldOut.Observations.Where(o => proxies.Runs[o.Run].Name.StartsWith("proxy")).ToList() };
            var lastStep = Errors(law.Fit(train, options), heldOut);
            var fit = law.Fit(proxies, options);
            foreach (var d in fit.Parameters)
                Console.WriteLine($"{design}, {label} {d.Domain}: {string.Join(", ", fit.ParameterNames.Zip(d.Values, (n, v) => $"{n}={v:G4}"))}  in-sample {d.Diagnostics.InSampleRelativeError:P2}");
            var longer = longRuns with { Observations = longRuns.Observations.Where(o => o.Step > steps).ToList() };
            var beyond = Errors(fit, longer);
            var final = Errors(fit, longRuns.SplitLastStep().HeldOut);
            var averageFinal = AverageLossErrors(fit, longRuns.SplitLastStep().HeldOut);
            rows.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {design} | `{label}` | {fit.ParameterCount} | {Percent(lastStep.Mean)} ({Percent(lastStep.Worst)}) | {Percent(beyond.Mean)} ({Percent(beyond.Worst)}) | " +
                $"{Percent(final.Mean)} ({Percent(final.Worst)}) | {string.Join(" / ", averageFinal.Select(e => $"{e.Predicted:F4} vs {e.Actual:F4} ({(e.Error >= 0 ? "+" : "−")}{Percent(Math.Abs(e.Error))})"))} |"));
        }

        var report = new StringBuilder()
            .AppendLine($"### Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- lr-schedule --steps {steps} --threads {threads} --curves {curvesPath}{(shape == "exponential" ? "" : $" --shape {shape}")}{(seed == ScheduleCurves.DefaultSeed ? "" : $" --seed {seed}")}{(corpus is null ? "" : $" --corpus {corpus}")}{(extraPath is null ? "" : $" --extra-curves {extraPath} --short-steps {shortSteps}")}`")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine($"- Load average at end (1/5/15 min): {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}")
            .AppendLine($"- Domains: {(corpus is null ? "five synthetic Markov domains" : $"the first five domain folders of {corpus}")}; curves: {curvesPath} ({(trainingSeconds > 5 ? $"trained in this run, {trainingSeconds:F0} s" : "read from an earlier run of this command")}){(extraPath is null ? "" : $"; extra proxies: {extraPath} ({string.Join(", ", ScheduleCurves.ExtraRuns(shortSteps, steps).Select(r => $"{r.Name} × {r.TotalSteps}{(ScheduleCurves.IsConstantRate(r.Name) ? " at a constant rate" : "")}"))})")}")
            .AppendLine()
            .AppendLine($"{ScheduleCurves.ProxyMixtures.Length} proxies × {steps} steps, {ScheduleCurves.LongMixtures.Length} runs × {3 * steps} steps, {ScheduleCurves.DomainCount} domains, " +
                        (shape == "exponential" ? "tiny preset, default schedule (warm-up 10 %, exponential decay to 0.1 × peak at the last step). "
                            : $"tiny preset, {shape} schedule (warm-up 10 %, {(shape == "wsd" ? "peak held, then linear decay over the last fifth after warm-up" : "cosine decay")} to 0.1 × peak at the last step). ") +
                        "Relative error |y − ŷ|/y: mean over domains and runs (worst domain in brackets).")
            .AppendLine()
            .AppendLine($"| proxies | law | parameters | held-out last step of the {steps}-step proxies | {3 * steps}-step runs, checkpoints beyond step {steps} | {3 * steps}-step runs, last step | average loss at step {3 * steps}, predicted vs real (error), per long run |")
            .AppendLine("|---|---|---|---|---|---|---|")
            .Append(rows);
        Console.WriteLine(report);
        if (output is not null) File.AppendAllText(output, report + Environment.NewLine);
        return Task.FromResult(0);
    }

    private static string Percent(double x) => string.Create(CultureInfo.InvariantCulture, $"{100 * x:F2} %");

    /// <summary>Runs as the service would see them: each declares the schedule of its length it trained with, as a sweep records it.</summary>
    private static BiMixData Data(IReadOnlyList<ScheduleCurves.Curve> curves, string shape)
    {
        var runNames = curves.Select(c => c.Run).Distinct().ToList();
        var runs = runNames.Select(name =>
        {
            var first = curves.First(c => c.Run == name);
            var schedule = ScheduleCurves.ScheduleOf(name, first.TotalSteps, shape);
            return new RunMixture(name, first.Mixture) { Schedule = schedule };
        }).ToList();
        var observations = curves.Select(c => new LossObservation(runNames.IndexOf(c.Run), c.Domain, c.Step, c.Loss)).ToList();
        return new BiMixData(Enumerable.Range(0, ScheduleCurves.DomainCount).Select(i => $"d{i}").ToList(), runs, observations);
    }

    /// <summary>Per domain, the mean relative error over the points; then mean and worst over domains.</summary>
    private static (double Mean, double Worst) Errors(IFittedLaw fit, BiMixData points)
    {
        var perDomain = points.Observations.GroupBy(o => o.Domain)
            .Select(g => g.Average(o => Math.Abs(o.Loss - fit.PredictDomain(o.Domain, LawPoint.Of(points.Runs[o.Run], o.Step))) / o.Loss))
            .ToList();
        return (perDomain.Average(), perDomain.Max());
    }

    /// <summary>The equally weighted average loss over domains at each run's last checkpoint, predicted and real, and the signed relative error.</summary>
    private static IEnumerable<(double Predicted, double Actual, double Error)> AverageLossErrors(IFittedLaw fit, BiMixData lastPoints) =>
        lastPoints.Observations.GroupBy(o => o.Run).Select(g =>
        {
            var run = lastPoints.Runs[g.Key];
            var step = g.First().Step;
            var predicted = fit.Predict(LawPoint.Of(run, step)).Average.Loss;
            var actual = g.Average(o => o.Loss);
            return (predicted, actual, (predicted - actual) / actual); // signed: + forecasts too high a loss
        });
}
