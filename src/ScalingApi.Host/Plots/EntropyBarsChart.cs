using ScalingApi.Contracts;
using ScottPlot;

namespace ScalingApi.Host.Plots;

/// <summary>Per domain, the four measured entropies (SE, JE, CE, VNE, nats) of a statistics job, as grouped bars.</summary>
public static class EntropyBarsChart
{
    public static Plot Draw(CorpusStatsJobResponse job)
    {
        var measured = job.Domains.Where(d => d.Results is not null).ToList();
        var series = new (string Name, Func<CorpusStatsFigures, double?> Value)[]
        {
            ("SE", f => f.ShannonEntropy), ("JE", f => f.JointEntropy), ("CE", f => f.ConditionalEntropy), ("VNE", f => f.VonNeumannEntropy),
        };
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Length;
        for (var s = 0; s < series.Length; s++)
        {
            var color = palette.GetColor(s);
            var bars = measured.Select((d, i) => (i, value: series[s].Value(d.Results!)))
                .Where(x => x.value is not null)
                .Select(x => new Bar { Position = x.i - 0.4 + width * (s + 0.5), Value = x.value!.Value, Size = width * 0.9, FillColor = color })
                .ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = color });
        }
        plot.Axes.Bottom.SetTicks(measured.Select((_, i) => (double)i).ToArray(), measured.Select(d => d.Domain).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Corpus statistics job {job.Id} ({job.Tokenizer} tokens, {job.Status})");
        plot.XLabel("domain");
        plot.YLabel("entropy (nats)");
        if (measured.Count == 0) plot.Add.Annotation("no domain measured yet");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
