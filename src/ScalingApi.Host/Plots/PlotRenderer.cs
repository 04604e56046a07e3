using System.Text;
using ScottPlot;

namespace ScalingApi.Host.Plots;

/// <summary>Turns a finished ScottPlot figure into SVG or PNG bytes at the service's one figure size.</summary>
public static class PlotRenderer
{
    public const int Width = 800;
    public const int Height = 500;

    public static PlotImage Render(Plot plot, PlotFormat format) => format switch
    {
        PlotFormat.Svg => new PlotImage(Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height)), PlotImage.SvgType),
        _ => new PlotImage(plot.GetImageBytes(Width, Height, ImageFormat.Png), PlotImage.PngType),
    };
}
