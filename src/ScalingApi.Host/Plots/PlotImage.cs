namespace ScalingApi.Host.Plots;

/// <summary>The two encodings every plot endpoint offers, chosen by the URL's extension.</summary>
public enum PlotFormat { Svg, Png }

/// <summary>A rendered plot, ready to send.</summary>
public sealed record PlotImage(byte[] Bytes, string ContentType)
{
    public const string SvgType = "image/svg+xml";
    public const string PngType = "image/png";

    public IResult ToResult() => TypedResults.Bytes(Bytes, ContentType);
}
