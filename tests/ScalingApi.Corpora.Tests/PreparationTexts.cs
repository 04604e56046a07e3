using System.Text;

namespace ScalingApi.Corpora.Tests;

/// <summary>Hand-made documents for the preparation tests: pseudo-random English prose that passes every default
/// quality filter (varied words, sentences one per line, stop words present), and short real sentences per language.</summary>
internal static class PreparationTexts
{
    private static readonly string[] Vocabulary =
    [
        "the", "of", "and", "to", "with", "that", "have", "be", "river", "market", "winter", "garden", "teacher",
        "village", "morning", "letter", "window", "station", "harvest", "question", "student", "doctor", "mountain",
        "kitchen", "history", "science", "engine", "library", "painter", "journey", "evening", "country", "bridge",
        "forest", "summer", "writer", "council", "theatre", "machine", "college", "ocean", "harbour", "planet",
        "wooden", "quiet", "bright", "careful", "ancient", "narrow", "simple", "heavy", "gentle", "distant", "modern",
        "opened", "carried", "watched", "followed", "answered", "remembered", "described", "painted", "visited",
        "built", "counted", "measured", "received", "explained", "noticed", "finished", "travelled", "borrowed",
        "slowly", "rarely", "almost", "never", "often", "perhaps", "together", "outside", "across", "between",
        "under", "before", "after", "during", "within", "against", "toward", "beside", "around", "through",
    ];

    /// <summary>About <paramref name="words"/> words of prose in sentences of 8–14 words, one sentence per line.</summary>
    public static string Prose(int seed, int words = 80)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var written = 0;
        while (written < words)
        {
            var length = Math.Min(random.Next(8, 15), Math.Max(words - written, 1));
            for (var i = 0; i < length; i++)
            {
                var word = Vocabulary[random.Next(Vocabulary.Length)];
                if (i == 0) word = char.ToUpperInvariant(word[0]) + word[1..];
                text.Append(word).Append(i == length - 1 ? ".\n" : " ");
            }
            written += length;
        }
        return text.ToString().TrimEnd('\n');
    }

    public const string English =
        "The committee met on Tuesday to discuss the budget for next year, and after a long debate it agreed to postpone the decision until the spring.";
    public const string Romanian =
        "Comitetul s-a întrunit marți pentru a discuta bugetul pe anul viitor și, după o dezbatere lungă, a hotărât să amâne decizia până în primăvară.";
    public const string German =
        "Der Ausschuss traf sich am Dienstag, um den Haushalt für das nächste Jahr zu besprechen, und beschloss nach langer Debatte, die Entscheidung zu vertagen.";
    public const string French =
        "Le comité s'est réuni mardi pour discuter du budget de l'année prochaine et, après un long débat, il a décidé de reporter la décision au printemps.";
}
