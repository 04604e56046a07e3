using ScalingApi.Contracts;
using ScottPlot;

namespace ScalingApi.Host.Plots;

/// <summary>
/// The optimal mixture (with its bootstrap interval as error bars) next to the natural and uniform ones,
/// grouped by domain; the legend carries each mixture's predicted average loss.
/// </summary>
public static class MixtureBarsChart
{
    public static Plot Draw(OptimalMixtureResponse answer)
    {
        var series = new List<(string Name, MixtureAssessment Mixture)> { ("optimal", answer.Optimal) };
        if (answer.Natural is { } natural) series.Add(("natural", natural));
        series.Add(("uniform", answer.Uniform));
        var domains = answer.Optimal.Mixture.Keys.ToList();

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var (name, mixture) = series[s];
            var color = palette.GetColor(s);
            var bars = domains.Select((domain, i) =>
            {
                var share = mixture.Mixture[domain];
                return new Bar
                {
                    Position = i - 0.4 + width * (s + 0.5),
                    Value = share.Value,
                    // asymmetric percentile intervals drawn as their larger half-width
                    Error = Math.Max(share.Upper - share.Value, share.Value - share.Lower),
                    Size = width * 0.9,
                    FillColor = color,
                };
            }).ToList();
            plot.Add.Bars(bars);
            var average = mixture.Average;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = $"{name}: loss {average.Loss:0.0000} [{average.Lower:0.0000}, {average.Upper:0.0000}]",
                FillColor = color,
            });
        }
        plot.Axes.Bottom.SetTicks(domains.Select((_, i) => (double)i).ToArray(), domains.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Fit {answer.FitId}: mixtures at {LogAxes.Label(answer.Steps)} steps");
        plot.XLabel("domain");
        plot.YLabel("proportion");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
