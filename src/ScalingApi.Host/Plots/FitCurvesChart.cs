using ScalingApi.Laws.BiMix;
using ScottPlot;

namespace ScalingApi.Host.Plots;

/// <summary>A checkpoint's loss as drawn: step and loss.</summary>
public readonly record struct LossPoint(double Step, double Loss);

/// <summary>One run in a fit's figure: its losses (those the law was fitted on and those held out) and the fitted curve at its proportion.</summary>
/// <param name="Curve">Empty when the law cannot be drawn at this run's proportion (zero share, or α unknown).</param>
public sealed record RunCurve(string Run, double Proportion, IReadOnlyList<LossPoint> Fitted, IReadOnlyList<LossPoint> HeldOut, IReadOnlyList<CurvePoint> Curve);

/// <summary>What the curves figure of one domain of a fit shows.</summary>
public sealed record FitCurvesFigure(long FitId, string Domain, IReadOnlyList<RunCurve> Runs);

/// <summary>
/// Observed losses per run (filled dots fitted, open squares held out), the fitted law at each run's
/// proportion (line) and its bootstrap 95 % band (shaded), on log–log axes.
/// </summary>
public static class FitCurvesChart
{
    public static Plot Draw(FitCurvesFigure figure)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var steps = new List<double>();
        var losses = new List<double>();
        for (var k = 0; k < figure.Runs.Count; k++)
        {
            var run = figure.Runs[k];
            var color = palette.GetColor(k);
            if (run.Curve.Count > 0)
            {
                var xs = LogAxes.Log10(run.Curve.Select(p => p.Step));
                var band = plot.Add.FillY(xs, LogAxes.Log10(run.Curve.Select(p => p.Lower)), LogAxes.Log10(run.Curve.Select(p => p.Upper)));
                band.FillColor = color.WithAlpha(0.18);
                band.LineWidth = 0;
                var line = plot.Add.ScatterLine(xs, LogAxes.Log10(run.Curve.Select(p => p.Loss)), color);
                line.LineWidth = 2;
                line.LegendText = $"{run.Run} (r = {run.Proportion:0.###})";
                losses.AddRange(run.Curve.SelectMany(p => new[] { p.Lower, p.Upper }));
            }
            if (run.Fitted.Count > 0)
            {
                var dots = plot.Add.ScatterPoints(LogAxes.Log10(run.Fitted.Select(p => p.Step)), LogAxes.Log10(run.Fitted.Select(p => p.Loss)), color);
                dots.MarkerSize = 6;
                if (run.Curve.Count == 0) dots.LegendText = $"{run.Run} (r = {run.Proportion:0.###}, no curve)";
            }
            if (run.HeldOut.Count > 0)
            {
                var held = plot.Add.ScatterPoints(LogAxes.Log10(run.HeldOut.Select(p => p.Step)), LogAxes.Log10(run.HeldOut.Select(p => p.Loss)), color);
                held.MarkerShape = MarkerShape.OpenSquare;
                held.MarkerSize = 11;
                held.MarkerLineWidth = 2;
            }
            steps.AddRange(run.Fitted.Concat(run.HeldOut).Select(p => p.Step));
            losses.AddRange(run.Fitted.Concat(run.HeldOut).Select(p => p.Loss));
        }
        if (figure.Runs.Any(r => r.HeldOut.Count > 0))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "held out", MarkerShape = MarkerShape.OpenSquare, MarkerSize = 11, MarkerLineWidth = 2, MarkerColor = Colors.Gray });

        plot.Title($"Fit {figure.FitId}: {figure.Domain}");
        plot.XLabel("steps (log)");
        plot.YLabel($"{figure.Domain} validation loss (log)");
        LogAxes.Apply(plot.Axes.Bottom, steps);
        LogAxes.Apply(plot.Axes.Left, losses);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
