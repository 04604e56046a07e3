using System.Net;
using System.Xml.Linq;
using Xunit;

namespace ScalingApi.Api.Tests.Plots;

/// <summary>A plot response parsed as XML, with the queries the tests ask of it.</summary>
public sealed class SvgDocument(XDocument xml)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static async Task<SvgDocument> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var document = new SvgDocument(XDocument.Parse(body));
        Assert.Equal(Svg + "svg", document.Root.Name);
        return document;
    }

    public XElement Root => xml.Root!;

    /// <summary>Every text drawn (titles, axis labels, tick labels, legend entries), whitespace-trimmed.</summary>
    public IReadOnlyList<string> Texts => Root.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    public IReadOnlyList<XElement> Elements(string name) => Root.Descendants(Svg + name).ToList();

    /// <summary>Paths stroked with the given width: ScottPlot draws each series line as one such path.</summary>
    public IReadOnlyList<XElement> StrokedPaths(string width) =>
        Elements("path").Where(p => (string?)p.Attribute("stroke-width") == width && (string?)p.Attribute("fill") == "none").ToList();

    /// <summary>Line segments of a path (its "L" commands): a legend sample has one, a drawn series one per joined point.</summary>
    public static int Segments(XElement path) => ((string?)path.Attribute("d") ?? "").Count(c => c == 'L');

    public bool HasText(string contains) => Texts.Any(t => t.Contains(contains, StringComparison.Ordinal));
}
