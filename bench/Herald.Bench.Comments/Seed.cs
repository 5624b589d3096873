using System.Globalization;
using System.Text;
using Herald.Comments;
using Microsoft.Data.Sqlite;

// seed DATABASE --recent N --hot SLUG [--seed S]
//   Gives the generated site the discussions a news site has: reader accounts, and comments
//   under the N most recently published articles (closed discussions show theirs too), most
//   approved, some pending or rejected, a few removed with answers left standing, some
//   replies, a few editor's picks, counts skewed as readers' attention is. The article
//   SLUG (the page under test, a recent story) gets a busy discussion of its own: 40 threads,
//   14 replies.
//   Written straight into the (stopped) site's SQLite database in one transaction, since the
//   form would need a signed-in reader per comment and is measured on its own anyway.
internal static class Seed
{
    private const int Readers = 400;
    private const int HotThreads = 40;
    private const int HotReplies = 14;

    public static int Run(string[] args)
    {
        if (args.Length < 1 || !TryOptions(args[1..], out var recent, out var hot, out var seed))
        {
            Console.Error.WriteLine("usage: Herald.Bench.Comments seed DATABASE --recent N --hot SLUG [--seed S]");
            return 2;
        }
        var random = new Random(seed);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = args[0], Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();

        var articles = new List<(long Id, long Published, string Slug)>();
        using (var query = connection.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = """
                SELECT a.id, a.first_published_at, a.slug FROM articles a
                WHERE a.state = 'published' AND (a.slug = @hot OR a.id IN (
                    SELECT n.id FROM articles n WHERE n.state = 'published' ORDER BY n.first_published_at DESC, n.id DESC LIMIT @recent))
                """;
            query.Parameters.AddWithValue("@recent", recent);
            query.Parameters.AddWithValue("@hot", hot);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                articles.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }
        if (!articles.Any(a => a.Slug == hot))
        {
            Console.Error.WriteLine($"the page under test ({hot}) is not a published article");
            return 1;
        }
        var newest = articles.Max(a => a.Published);
        var users = InsertReaders(connection, transaction, random, newest);

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO comments (article_id, parent_id, user_id, body, body_html, html_version, state, reason, featured, recommendations, form_token, address_hash,
                created_at, moderated_at)
            VALUES (@article, @parent, @user, @body, @html, @version, @state, @reason, @featured, @recommendations, @token, @address, @created, @moderated)
            RETURNING id
            """;
        foreach (var name in new[] { "@article", "@parent", "@user", "@body", "@html", "@version", "@state", "@reason", "@featured", "@recommendations", "@token", "@address", "@created", "@moderated" })
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        var total = 0;
        foreach (var article in articles)
        {
            var hotOne = article.Slug == hot;
            // Most stories draw a handful of comments, a few draw a crowd.
            var threads = hotOne ? HotThreads : (int)Math.Min(120, Math.Floor(Math.Pow(random.NextDouble(), 3) * 60));
            var replies = hotOne ? HotReplies : random.Next(threads / 2 + 1);
            var window = 48L * 3600 * 1000;
            var top = new List<(long Id, long At)>();
            for (var i = 0; i < threads + replies; i++)
            {
                var reply = i >= threads && top.Count > 0;
                var parent = reply ? top[random.Next(top.Count)] : default;
                var from = reply ? parent.At : article.Published;
                var at = from + (long)(random.NextDouble() * random.NextDouble() * window) + 30_000;
                // Approved mostly; the rest waiting for a moderator or turned down; a few threads removed
                // after they were answered (shown as removed, for their replies).
                var state = random.Next(20) switch { 0 => "pending", 1 => "rejected", 2 when !reply => "deleted", _ => "approved" };
                var id = Insert(insert, article.Id, reply ? parent.Id : null, users[random.Next(users.Count)], Body(random), state,
                    featured: !reply && state == "approved" && random.Next(25) == 0, recommendations: (int)(Math.Pow(random.NextDouble(), 4) * 80), at);
                if (!reply)
                {
                    top.Add((id, at));
                }
                total++;
            }
        }
        transaction.Commit();
        Console.Error.WriteLine($"{total} comments by {users.Count} readers under {articles.Count} articles");
        return 0;
    }

    private static bool TryOptions(string[] args, out int recent, out string hot, out int seed)
    {
        (recent, hot, seed) = (0, "", 42);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--recent" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
                    recent = n;
                    break;
                case "--hot":
                    hot = args[i + 1];
                    break;
                case "--seed" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    break;
                default:
                    return false;
            }
        }
        return recent > 0 && hot.Length > 0 && args.Length % 2 == 0;
    }

    private static List<long> InsertReaders(SqliteConnection connection, SqliteTransaction transaction, Random random, long at)
    {
        var ids = new List<long>();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO users (email, normalized_email, display_name, password_hash, kind, role, email_confirmed, security_stamp, created_at)
            VALUES (@email, @normalized, @name, NULL, 'reader', NULL, 1, @stamp, @at)
            RETURNING id
            """;
        for (var i = 0; i < Readers; i++)
        {
            var name = $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}";
            var email = $"seeded-reader-{i}@herald.invalid";
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("@email", email);
            insert.Parameters.AddWithValue("@normalized", email.ToUpperInvariant());
            insert.Parameters.AddWithValue("@name", name);
            insert.Parameters.AddWithValue("@stamp", Guid.NewGuid().ToString("N"));
            insert.Parameters.AddWithValue("@at", at - 400L * 86_400_000);
            ids.Add((long)insert.ExecuteScalar()!);
        }
        return ids;
    }

    private static long Insert(SqliteCommand insert, long article, long? parent, long user, string body, string state, bool featured, int recommendations, long at)
    {
        var p = insert.Parameters;
        p["@article"].Value = article;
        p["@parent"].Value = parent is { } id ? id : DBNull.Value;
        p["@user"].Value = user;
        p["@body"].Value = body;
        // As Herald stores a comment it writes: with its HTML (CommentWriter).
        p["@html"].Value = CommentText.ToHtml(body);
        p["@version"].Value = CommentText.Version;
        p["@state"].Value = state;
        p["@reason"].Value = state == "rejected" ? "Off topic" : DBNull.Value;
        p["@featured"].Value = featured ? 1 : 0;
        p["@recommendations"].Value = recommendations;
        p["@token"].Value = Guid.NewGuid().ToString("N");
        p["@address"].Value = "seeded";
        p["@created"].Value = at;
        p["@moderated"].Value = state == "pending" ? DBNull.Value : at + 60_000;
        return (long)insert.ExecuteScalar()!;
    }

    // One to three short paragraphs of one to four sentences; now and then a link.
    private static string Body(Random random)
    {
        var text = new StringBuilder();
        var paragraphs = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        for (var p = 0; p < paragraphs; p++)
        {
            if (p > 0)
            {
                text.Append("\n\n");
            }
            var sentences = random.Next(1, 5);
            for (var s = 0; s < sentences; s++)
            {
                text.Append(s > 0 ? " " : "").Append(Openings[random.Next(Openings.Length)]).Append(' ').Append(Middles[random.Next(Middles.Length)])
                    .Append(Endings[random.Next(Endings.Length)]);
            }
        }
        if (random.Next(12) == 0)
        {
            text.Append(" More here: https://example.org/notes/").Append(random.Next(1000, 9999)).Append('.');
        }
        return text.ToString();
    }

    private static readonly string[] Given = ["Ada", "Birk", "Carla", "Dev", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Lev", "Maren", "Nils", "Olu", "Pia", "Quinn", "Rosa", "Sami", "Tove"];
    private static readonly string[] Family = ["Aalto", "Brenner", "Castell", "Dunmore", "Eklund", "Fairweather", "Gallo", "Holt", "Ivers", "Jansen", "Kovac", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov"];
    private static readonly string[] Openings = ["Honestly,", "As someone who lives nearby,", "I read this twice and", "Good reporting, but", "My neighbour says", "Not surprised:", "Fair point, yet", "Years ago", "The council knew", "Worth remembering that"];
    private static readonly string[] Middles = ["the bus route was cut twice before anyone asked us", "nobody mentions what the repairs will cost", "the numbers in the third paragraph look low to me",
        "this has been coming since the last election", "the school run is already a mess on that road", "people here voted for exactly the opposite", "the river was this high in my grandmother's day too",
        "the ministry should publish the full report", "we lost power for two days and heard nothing", "the new plan is better than the old one, if it is funded"];
    private static readonly string[] Endings = [".", "!", ", and that worries me.", ", which is the real story.", "? Someone should ask.", ", as far as I can tell."];
}
