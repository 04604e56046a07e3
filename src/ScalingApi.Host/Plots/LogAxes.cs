using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ScalingApi.Host.Plots;

/// <summary>
/// ScottPlot draws linear axes only, so log-scaled figures plot log10 of the values and put ticks at
/// round values labelled with the values themselves, as the scaling-law papers draw loss against steps.
/// </summary>
public static class LogAxes
{
    public static double[] Log10(IEnumerable<double> values) => values.Select(Math.Log10).ToArray();

    /// <summary>Ticks for an axis whose coordinates are log10 of <paramref name="values"/>.</summary>
    public static void Apply(IAxis axis, IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToList();
        if (positive.Count == 0) return;
        var ticks = new NumericManual();
        foreach (var value in RoundValues(positive.Min(), positive.Max()))
            ticks.AddMajor(Math.Log10(value), Label(value));
        axis.TickGenerator = ticks;
    }

    /// <summary>
    /// 1-2-5 steps of each decade when the data spans a decade or more (whole decades only past six);
    /// within a decade, evenly spaced round values, which on a log axis are close to evenly spaced too.
    /// </summary>
    public static IReadOnlyList<double> RoundValues(double min, double max)
    {
        var decades = Math.Log10(max / min);
        if (decades >= 1)
        {
            double[] mantissas = decades > 6 ? [1] : decades > 3 ? [1, 3] : [1, 2, 5];
            var values = new List<double>();
            for (var exponent = (int)Math.Floor(Math.Log10(min)); exponent <= (int)Math.Ceiling(Math.Log10(max)); exponent++)
                values.AddRange(mantissas.Select(m => m * Math.Pow(10, exponent)).Where(v => v >= min * 0.999 && v <= max * 1.001));
            return values;
        }
        var span = max - min;
        if (span <= 0) return [min];
        var raw = span / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var first = Math.Ceiling(min / step) * step;
        var ticks = new List<double>();
        for (var v = first; v <= max + step * 1e-9; v += step) ticks.Add(Math.Round(v / step) * step);
        return ticks;
    }

    /// <summary>Short labels: 64000 → 64k, 2e6 → 2M, losses as they are.</summary>
    public static string Label(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
