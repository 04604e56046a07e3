using ScottPlot;

namespace ScalingApi.Host.Plots;

/// <summary>A run's recorded losses so far, for a sweep's progress figure.</summary>
public sealed record RunLosses(string Run, string Status, IReadOnlyList<LossPoint> Points);

/// <summary>Per-run validation loss against steps on log–log axes: one line with markers per run.</summary>
public static class LossCurvesChart
{
    public static Plot Draw(string title, string lossLabel, IReadOnlyList<RunLosses> runs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            if (run.Points.Count == 0) continue;
            var line = plot.Add.Scatter(LogAxes.Log10(run.Points.Select(p => p.Step)), LogAxes.Log10(run.Points.Select(p => p.Loss)), palette.GetColor(k));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = $"{run.Run} ({run.Status})";
        }
        var points = runs.SelectMany(r => r.Points).ToList();
        plot.Title(title);
        plot.XLabel("steps (log)");
        plot.YLabel(lossLabel);
        LogAxes.Apply(plot.Axes.Bottom, points.Select(p => p.Step));
        LogAxes.Apply(plot.Axes.Left, points.Select(p => p.Loss));
        if (points.Count == 0)
            plot.Add.Annotation("no losses recorded yet");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
