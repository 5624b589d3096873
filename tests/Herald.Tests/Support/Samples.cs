using Herald.Articles;

namespace Herald.Tests.Support;

public static class Samples
{
    // The example from the foundation issue, verbatim: every block type.
    public const string IssueExample = """
        {"format": "herald/article@1", "slug": "council-approves-tram-line",
         "language": "en", "section": "politics", "topline": "Transport",
         "title": "Council approves the new tram line",
         "lead": "After two years of debate the council voted for the eastern route.",
         "published": "2026-03-02T09:15:00+01:00", "updated": "2026-03-02T11:40:00+01:00",
         "authors": [{"name": "Ana Ruiz", "role": "correspondent", "location": "City Hall"}],
         "tags": ["Transport", "City council"], "breaking": false,
         "corrections": [{"text": "An earlier version gave the wrong length of the route.", "date": "2026-03-02T11:40:00+01:00"}],
         "commentPolicy": {"mode": "premoderated", "closesAfterHours": 48},
         "blocks": [
          {"type": "paragraph", "text": "The vote was <strong>31 to 12</strong>, with <em>two</em> abstentions."},
          {"type": "video", "src": "https://media.example.org/tram.mp4", "poster": "https://media.example.org/tram.jpg",
           "captions": "https://media.example.org/tram.vtt", "caption": "Ana Ruiz on the vote: \"A long night\"",
           "credit": "Evening News 7 p.m., 2.3.2026", "durationSeconds": 95},
          {"type": "subheading", "text": "Opposition wants a referendum"},
          {"type": "quote", "text": "We will let the city decide.", "speaker": "Mara Holm", "role": "Opposition leader"},
          {"type": "image", "src": "https://media.example.org/map.png", "alt": "Map of the eastern route",
           "caption": "The eastern route", "credit": "City planning office"},
          {"type": "gallery", "images": [{"src": "https://media.example.org/stop1.jpg", "alt": "The first stop",
           "caption": "Stop one", "credit": "City planning office"}]},
          {"type": "box", "title": "The route in numbers", "text": "7.4 km, 12 stops, opening 2029."},
          {"type": "list", "style": "bulleted", "items": ["First item", "Second item"]},
          {"type": "related", "slugs": ["budget-2026"]},
          {"type": "audio", "src": "https://media.example.org/interview.mp3", "caption": "Interview", "credit": "Radio"},
          {"type": "embed", "url": "https://video.example.org/watch/123"}]}
        """;

    public static ArticleDocument Example() => ArticleFormat.Parse(IssueExample).Document!;

    public static ArticleDocument Article(
        string slug,
        string section = "world",
        string title = "A test headline",
        DateTimeOffset? published = null,
        IReadOnlyList<string>? tags = null,
        IReadOnlyList<Block>? blocks = null,
        string language = "en") => new()
        {
            Slug = slug,
            Language = language,
            Section = section,
            Topline = "Testing",
            Title = title,
            Lead = $"The lead of {slug}.",
            Published = published ?? new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1)),
            Authors = [new Credit("Ana Ruiz", "correspondent", "City Hall")],
            Tags = tags ?? ["Testing"],
            Blocks = blocks ?? [new ParagraphBlock($"Body of {slug}.")],
        };
}
