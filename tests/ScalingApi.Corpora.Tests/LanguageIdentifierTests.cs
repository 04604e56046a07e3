using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Preparation.Language;

namespace ScalingApi.Corpora.Tests;

public sealed class LanguageIdentifierTests
{
    private static readonly LanguageIdentifier Identifier = new(new LanguageStage { Languages = ["en", "ro", "de", "fr"] });

    [Theory]
    [InlineData("en", PreparationTexts.English)]
    [InlineData("ro", PreparationTexts.Romanian)]
    [InlineData("de", PreparationTexts.German)]
    [InlineData("fr", PreparationTexts.French)]
    [InlineData("es", "El comité se reunió el martes para discutir el presupuesto del próximo año y decidió aplazar la decisión hasta la primavera.")]
    [InlineData("it", "Il comitato si è riunito martedì per discutere il bilancio del prossimo anno e ha deciso di rinviare la decisione alla primavera.")]
    public void Short_samples_are_identified(string expected, string text)
    {
        var (language, confidence) = Identifier.Identify(text);
        Assert.Equal(expected, language);
        Assert.InRange(confidence, 0.5, 1);
    }

    [Theory]
    [InlineData("en", "The river rose during the night and the village woke to water in the streets.")]
    [InlineData("ro", "Râul a crescut în timpul nopții, iar satul s-a trezit cu apă pe străzi.")]
    [InlineData("de", "Der Fluss stieg in der Nacht, und das Dorf erwachte mit Wasser in den Straßen.")]
    [InlineData("fr", "La rivière a monté pendant la nuit et le village s'est réveillé avec de l'eau dans les rues.")]
    public void Sentences_under_a_hundred_characters_are_identified(string expected, string text) =>
        Assert.Equal(expected, Identifier.Identify(text).Language);

    [Fact]
    public void A_document_in_another_language_is_not_forced_onto_a_kept_one()
    {
        var englishOnly = new LanguageIdentifier(new LanguageStage { Languages = ["en"] });
        Assert.Equal(LanguageIdentifier.OtherLanguage, englishOnly.Rejection(PreparationTexts.German));
        Assert.Null(englishOnly.Rejection(PreparationTexts.English));
    }

    [Fact]
    public void Confidence_below_the_minimum_or_no_language_at_all_is_low_confidence()
    {
        var demanding = new LanguageIdentifier(new LanguageStage { Languages = ["en"], MinConfidence = 1.01 });
        Assert.Equal(LanguageIdentifier.LowConfidence, demanding.Rejection(PreparationTexts.English));
        Assert.Equal(LanguageIdentifier.LowConfidence, Identifier.Rejection("12345 67890 !!! ###"));
    }

    [Fact]
    public void Codes_are_checked()
    {
        Assert.True(LanguageIdentifier.IsSupported("ro"));
        Assert.True(LanguageIdentifier.IsSupported("EN"));
        Assert.False(LanguageIdentifier.IsSupported("xx"));
        Assert.False(LanguageIdentifier.IsSupported("english"));
        Assert.Throws<ArgumentException>(() => new LanguageIdentifier(new LanguageStage { Languages = ["xx"] }));
        Assert.Throws<ArgumentException>(() => new LanguageIdentifier(new LanguageStage { SampleCharacters = 0 }));
    }

    [Fact]
    public void The_sample_is_cut_at_a_word_boundary()
    {
        Assert.Equal("alpha beta", LanguageIdentifier.Sample("alpha beta gamma", 13));
        Assert.Equal("short", LanguageIdentifier.Sample("short", 100));
    }
}
