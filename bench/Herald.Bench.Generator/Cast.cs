using System.Text;

namespace Herald.Bench.Generator;

internal sealed record Section(string Slug, string Name, int Weight);

internal sealed record Author(string Name, string Role, string? Location);

// The fixed pools every article draws from: sections, ~500 tags, ~200 people who write.
internal sealed class Cast
{
    public static readonly Section[] Sections =
    [
        new("world", "World", 16), new("politics", "Politics", 15), new("local", "Lindenfeld", 14), new("economy", "Economy", 11),
        new("sport", "Sport", 12), new("culture", "Culture", 7), new("science", "Science", 6), new("technology", "Technology", 5),
        new("health", "Health", 5), new("environment", "Environment", 4), new("travel", "Travel", 3), new("opinion", "Opinion", 2),
    ];

    public IReadOnlyList<string> Tags { get; }

    public IReadOnlyList<Author> Authors { get; }

    public IReadOnlyList<string> People { get; }

    public Cast(int seed)
    {
        var random = new Random(seed);
        var people = new List<string>();
        var seenPeople = new HashSet<string>(StringComparer.Ordinal);
        // 40 x 40 names give room for 300 distinct people: 200 write, the rest are only in the news.
        while (people.Count < 300)
        {
            var name = $"{Pick(random, Words.FirstNames)} {Pick(random, Words.LastNames)}";
            if (seenPeople.Add(name))
            {
                people.Add(name);
            }
        }
        People = people;

        Authors = people.Take(200).Select((name, i) => (i % 20) switch
        {
            < 12 => new Author(name, "author", null),
            < 17 => new Author(name, "correspondent", Words.Places[i % Words.Places.Length]),
            17 => new Author(name, "editor", null),
            18 => new Author(name, "photographer", null),
            _ => new Author(name, "producer", null),
        }).ToList();

        // Tags: topics, places and people first (the most used), then place-topic pairs up to 500.
        var tags = new List<string>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        void Add(string tag)
        {
            if (tags.Count < 500 && slugs.Add(Slug(tag)))
            {
                tags.Add(tag);
            }
        }
        for (var i = 0; i < Math.Max(Words.Topics.Length, Words.Places.Length); i++)
        {
            if (i < Words.Topics.Length)
            {
                Add(Words.Topics[i]);
            }
            if (i < Words.Places.Length)
            {
                Add(Words.Places[i]);
            }
        }
        foreach (var person in people.Skip(150).Take(150))
        {
            Add(person);
        }
        while (tags.Count < 500)
        {
            Add($"{Pick(random, Words.Places)} {Pick(random, Words.Topics).ToLowerInvariant()}");
        }
        Tags = tags;
    }

    public static Section PickSection(Random random)
    {
        var roll = random.Next(Sections.Sum(s => s.Weight));
        foreach (var section in Sections)
        {
            roll -= section.Weight;
            if (roll < 0)
            {
                return section;
            }
        }
        return Sections[^1];
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    // Skewed pick: low indexes are drawn far more often than high ones.
    public static T Skewed<T>(Random random, IReadOnlyList<T> items, double power = 2.5) =>
        items[(int)(items.Count * Math.Pow(random.NextDouble(), power))];

    // The same rule as Herald's slugs for the ASCII names used here.
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            var keep = ch is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep)
            {
                builder.Append(ch);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        return builder.ToString().TrimEnd('-');
    }
}
