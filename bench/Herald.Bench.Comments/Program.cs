using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

// The comment scenario of bench/run.sh: posting comments through Herald's real comment
// form (the same POST a browser sends), and the check that every acknowledged comment
// was stored exactly once; also the harness's publish-through-the-API timing (Publish.cs).
// Only 127.0.0.1 (loopback) is a valid target.
//
//   post BASE_URL ARTICLE_PATH EMAIL PASSWORD [--workers N] [--warmup S] [--duration S]
//        [--server-pid PID] [--acknowledged FILE] [--tag TEXT]
//     Signs in, warms up for S seconds (half: each worker fetches the form, then posts it;
//     half: posting only, on tokens minted for it, which gives the posting rate), mints one
//     form token per comment it expects to post (from GET /comments/ID, before the measured
//     period, so the measured part is only the posting), then posts with N concurrent
//     connections for S seconds. Prints one line for bench/run.sh:
//       RESULT requests= acknowledged= seconds= rps= p50= p95= p99= max= status= timeout= connect=
//              server_ticks= peak_rss_kb= tokens= exhausted= warmup_acknowledged=
//     (rps = acknowledged comments per second; latencies in ms; server_ticks and peak_rss_kb
//     are the server process's CPU time and highest VmRSS during the measured period.) The
//     texts of all acknowledged comments, warm-up included, are appended to FILE.
//   verify DATABASE FILE...
//     Counts the bench comments in a Herald SQLite database (with the server stopped), or in
//     a PostgreSQL one when DATABASE is a postgres:// URL or a connection string, and
//     checks every text listed in the files is stored exactly once. Prints
//       VERIFY acknowledged= stored_once= missing= duplicated= stored_bench= unacknowledged_stored=
//     and exits 1 when one is missing or stored twice.
//   open-discussion IN OUT
//     Rewrites a herald/article@1 JSON line so its discussion is open (no closing time), to
//     re-import the page under test into the comment run's copy of the database.
//   seed DATABASE --recent N --hot SLUG [--seed S]
//     Readers and their comments under the newest articles (Seed.cs).
//   publish BASE_URL TOKEN ARTICLE_ID PAGE_PATH ARTICLE_FILE RUNS
//     RUNS times: PUT the article with a new title through the admin API (bearer TOKEN),
//     POST publish, then read PAGE_PATH until the new title is served (Publish.cs). Prints
//     a line per run, then
//       PUBLISH runs= median_ms= put_ms= publish_ms= read_ms= stale_reads= all_ms=
return args.Length == 0 ? Usage() : args[0] switch
{
    "post" => await Post.RunAsync(args[1..]),
    "verify" => Verify.Run(args[1..]),
    "open-discussion" => OpenDiscussion(args[1..]),
    "seed" => Seed.Run(args[1..]),
    "publish" => await Publish.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Herald.Bench.Comments post BASE_URL ARTICLE_PATH EMAIL PASSWORD [--workers N] [--warmup S] [--duration S] [--server-pid PID] [--acknowledged FILE] [--tag TEXT]");
    Console.Error.WriteLine("       Herald.Bench.Comments verify DATABASE ACKNOWLEDGED_FILE...");
    Console.Error.WriteLine("       Herald.Bench.Comments open-discussion IN.json OUT.json");
    Console.Error.WriteLine("       Herald.Bench.Comments seed DATABASE --recent N --hot SLUG [--seed S]");
    Console.Error.WriteLine("       Herald.Bench.Comments publish BASE_URL TOKEN ARTICLE_ID PAGE_PATH ARTICLE_FILE RUNS");
    return 2;
}

static int OpenDiscussion(string[] args)
{
    if (args.Length != 2)
    {
        return Usage();
    }
    var article = JsonNode.Parse(File.ReadAllText(args[0]))!.AsObject();
    article["commentPolicy"] = new JsonObject { ["mode"] = "open" };
    File.WriteAllText(args[1], article.ToJsonString() + "\n");
    return 0;
}

internal static class Target
{
    // The base URL of a server on this machine, or null (with the reason on stderr).
    public static Uri? Loopback(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address))
        {
            return uri;
        }
        Console.Error.WriteLine($"{url}: the target must be a loopback address such as http://127.0.0.1:PORT");
        return null;
    }
}

internal static class Verify
{
    public const string Prefix = "Benchmark comment ";

    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Herald.Bench.Comments verify DATABASE ACKNOWLEDGED_FILE...");
            return 2;
        }
        var acknowledged = args[1..].Where(File.Exists).SelectMany(File.ReadLines).Where(line => line.Length > 0).ToList();
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        var postgres = args[0].StartsWith("postgres://", StringComparison.Ordinal) || args[0].Contains('=', StringComparison.Ordinal);
        using (System.Data.Common.DbConnection connection = postgres
            ? new Npgsql.NpgsqlConnection(Herald.Data.Db.PostgresConnectionString(args[0]))
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = args[0], Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT body, COUNT(*) FROM comments WHERE substr(body, 1, length(@prefix)) = @prefix GROUP BY body";
            var prefix = command.CreateParameter();
            prefix.ParameterName = "@prefix";
            prefix.Value = Prefix;
            command.Parameters.Add(prefix);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }
        var ackSet = new HashSet<string>(acknowledged, StringComparer.Ordinal);
        int once = 0, missing = 0, duplicated = 0;
        foreach (var text in ackSet)
        {
            switch (stored.GetValueOrDefault(text))
            {
                case 0:
                    missing++;
                    if (missing <= 5)
                    {
                        Console.Error.WriteLine($"missing: {text}");
                    }
                    break;
                case 1:
                    once++;
                    break;
                default:
                    duplicated++;
                    if (duplicated <= 5)
                    {
                        Console.Error.WriteLine($"stored {stored[text]} times: {text}");
                    }
                    break;
            }
        }
        // The same text acknowledged twice would be two comments for one text: count it as a duplicate.
        duplicated += acknowledged.Count - ackSet.Count;
        var unacknowledged = stored.Keys.Count(text => !ackSet.Contains(text));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"VERIFY acknowledged={acknowledged.Count} stored_once={once} missing={missing} duplicated={duplicated} stored_bench={stored.Values.Sum()} unacknowledged_stored={unacknowledged}"));
        return missing == 0 && duplicated == 0 ? 0 : 1;
    }
}

internal static partial class Post
{
    [GeneratedRegex("action=\"/comments/(\\d+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("class=\"form-problem\"[^>]*>([^<]*)<")]
    private static partial Regex Problem();

    private static string Field(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value;

    private sealed class Tally
    {
        public readonly ConcurrentQueue<string> Acknowledged = new();
        public readonly ConcurrentBag<double> Latencies = new();
        public int Requests;
        public int Status;
        public int Timeout;
        public int Connect;
        public double FormMs;
        public double PostMs;
        public int Reported;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("post needs BASE_URL ARTICLE_PATH EMAIL PASSWORD");
            return 2;
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 4; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }
        double Option(string name, double fallback) =>
            options.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        if (Target.Loopback(args[0]) is not { } baseUrl)
        {
            return 2;
        }
        var (path, email, password) = (args[1], args[2], args[3]);
        var workers = (int)Option("--workers", 32);
        var warmup = Option("--warmup", 1);
        var duration = Option("--duration", 10);
        var serverPid = (int)Option("--server-pid", 0);
        var acknowledgedFile = options.GetValueOrDefault("--acknowledged", "acknowledged.txt");
        var tag = options.GetValueOrDefault("--tag", Guid.NewGuid().ToString("N")[..8]);

        using var client = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            UseProxy = false,
            MaxConnectionsPerServer = workers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(10),
        };

        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = Field(login, "__RequestVerificationToken") }))
        {
            using var signIn = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
            if (signIn.StatusCode != HttpStatusCode.Found)
            {
                Console.Error.WriteLine($"sign-in as {email} failed: HTTP {(int)signIn.StatusCode}");
                return 1;
            }
        }
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var articleId = FormAction().Match(page).Groups[1].Value;
        var antiforgery = Field(page, "__RequestVerificationToken");
        if (articleId.Length == 0 || antiforgery.Length == 0)
        {
            Console.Error.WriteLine($"the article page {path} has no comment form for {email} (is its discussion open?)");
            return 1;
        }
        var formUri = new Uri($"/comments/{articleId}", UriKind.Relative);

        // Warm-up, in two halves. First each worker fetches the form and posts it, so both
        // paths are compiled and warm. Then a short burst of posting only, on tokens minted
        // for it, gives the posting rate that sizes the batch of tokens for the measured period.
        var warm = new Tally();
        var counter = 0;
        var rate = 0.0;
        if (warmup > 0)
        {
            var warmClock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                while (warmClock.Elapsed.TotalSeconds < warmup / 2)
                {
                    var started = Stopwatch.GetTimestamp();
                    string token;
                    try
                    {
                        token = Field(await client.GetStringAsync(formUri), "FormToken");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref warm.Connect);
                        continue;
                    }
                    var formMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var postMs = await PostOneAsync(client, formUri, tag, Interlocked.Increment(ref counter), token, antiforgery, warm);
                    lock (warm)
                    {
                        warm.FormMs += formMs;
                        warm.PostMs += postMs;
                    }
                }
            }));
            var pairs = warm.Acknowledged.Count;
            if (warm.Requests > 0 && pairs == 0)
            {
                // Nothing was acknowledged: measuring would only repeat the same refusal.
                Console.Error.WriteLine($"warm-up: no comment acknowledged in {warm.Requests} posts");
                return 1;
            }
            // Posting alone is faster than form + post by the share of time the form took; three
            // times that, so the burst does not run dry.
            var postShare = warm.PostMs > 0 ? warm.PostMs / (warm.FormMs + warm.PostMs) : 0.5;
            var burstTokens = await MintAsync(client, formUri, workers, (int)Math.Min(200_000, pairs / (warmup / 2) / postShare * (warmup / 2) * 3) + workers * 4);
            var burst = new Tally();
            var burstSeconds = await PostPhaseAsync(client, formUri, tag, () => Interlocked.Increment(ref counter), burstTokens, antiforgery, workers, warmup / 2, burst);
            rate = burst.Acknowledged.Count / Math.Max(burstSeconds, 0.001);
            foreach (var text in burst.Acknowledged)
            {
                warm.Acknowledged.Enqueue(text);
            }
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {pairs} comments acknowledged each after fetching its form, then {burst.Acknowledged.Count} posting only in {burstSeconds:F2} s ({rate:F0}/s); {warm.Requests + burst.Requests - warm.Acknowledged.Count + warm.Connect + burst.Connect + burst.Timeout} errors"));
        }

        // Every acknowledged comment is checked afterwards, the warm-up's too.
        await File.AppendAllLinesAsync(acknowledgedFile, warm.Acknowledged);

        // Tokens for the measured period: the warm-up's posting rate with half as much again.
        var wanted = (int)Math.Min(1_000_000, Math.Ceiling((rate > 0 ? rate : 3000) * duration * 1.5) + workers * 4);
        var mintClock = Stopwatch.StartNew();
        var tokens = await MintAsync(client, formUri, workers, wanted);
        var minted = tokens.Count;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"minted {minted} form tokens in {mintClock.Elapsed.TotalSeconds:F1} s (GET /comments/{articleId})"));
        if (minted == 0)
        {
            Console.Error.WriteLine("no form tokens: cannot post");
            return 1;
        }
        // The measured period: posting only.
        var measured = new Tally();
        var ticksBefore = ServerTicks(serverPid);
        long peakRss = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, ServerRssKb(serverPid));
                try
                {
                    await Task.Delay(200, sampling.Token);
                }
                catch (TaskCanceledException)
                {
                    break;
                }
            }
        });
        var elapsed = await PostPhaseAsync(client, formUri, tag, () => Interlocked.Increment(ref counter), tokens, antiforgery, workers, duration, measured);
        var ticksAfter = ServerTicks(serverPid);
        await sampling.CancelAsync();
        await sampler;
        peakRss = Math.Max(peakRss, ServerRssKb(serverPid));
        var exhausted = elapsed < duration * 0.98 ? 1 : 0;
        if (exhausted == 1)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: the {minted} minted tokens ran out after {elapsed:F1} s of {duration} s; the rate is over that time"));
        }

        await File.AppendAllLinesAsync(acknowledgedFile, measured.Acknowledged);
        var sorted = measured.Latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * p) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT requests={measured.Requests} acknowledged={measured.Acknowledged.Count} seconds={elapsed:F3} rps={measured.Acknowledged.Count / elapsed:F1} " +
            $"p50={Percentile(0.50):F3} p95={Percentile(0.95):F3} p99={Percentile(0.99):F3} max={(sorted.Length == 0 ? 0 : sorted[^1]):F3} " +
            $"status={measured.Status} timeout={measured.Timeout} connect={measured.Connect} server_ticks={Math.Max(0, ticksAfter - ticksBefore)} " +
            $"peak_rss_kb={peakRss} tokens={minted} exhausted={exhausted} warmup_acknowledged={warm.Acknowledged.Count}"));
        return 0;
    }

    // One form token per comment: GET /comments/ID (uncached; each answer issues a fresh token).
    private static async Task<ConcurrentQueue<string>> MintAsync(HttpClient client, Uri formUri, int workers, int wanted)
    {
        var tokens = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        var errors = 0;
        var started = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Increment(ref started) <= wanted && clock.Elapsed.TotalSeconds < 180 && errors < 100)
            {
                try
                {
                    var token = Field(await client.GetStringAsync(formUri), "FormToken");
                    if (token.Length > 0)
                    {
                        tokens.Enqueue(token);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        if (errors > 0)
        {
            Console.Error.WriteLine($"{errors} errors fetching the comment form");
        }
        return tokens;
    }

    // Posting only, with WORKERS connections, for SECONDS or until the tokens run out; the elapsed seconds.
    private static async Task<double> PostPhaseAsync(HttpClient client, Uri formUri, string tag, Func<int> next, ConcurrentQueue<string> tokens, string antiforgery,
        int workers, double seconds, Tally tally)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed.TotalSeconds < seconds && tokens.TryDequeue(out var token))
            {
                await PostOneAsync(client, formUri, tag, next(), token, antiforgery, tally);
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    // One comment through the form. Acknowledged means Herald's answer to a stored comment:
    // 302 back to the article with ?posted=STATE. Returns the latency in milliseconds.
    private static async Task<double> PostOneAsync(HttpClient client, Uri formUri, string tag, int n, string token, string antiforgery, Tally tally)
    {
        var text = $"{Verify.Prefix}{tag}-{n}: {Guid.NewGuid():N}";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = text, ["FormToken"] = token, ["__RequestVerificationToken"] = antiforgery });
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.PostAsync(formUri, form);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Interlocked.Increment(ref tally.Requests);
            tally.Latencies.Add(ms);
            if (response.StatusCode == HttpStatusCode.Found && response.Headers.Location?.OriginalString.Contains("posted=", StringComparison.Ordinal) == true)
            {
                tally.Acknowledged.Enqueue(text);
            }
            else
            {
                Interlocked.Increment(ref tally.Status);
                if (Interlocked.Increment(ref tally.Reported) <= 3)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Console.Error.WriteLine($"not acknowledged: HTTP {(int)response.StatusCode} {response.Headers.Location} {Problem().Match(body).Groups[1].Value}".TrimEnd());
                }
            }
            return ms;
        }
        catch (TaskCanceledException)
        {
            Interlocked.Increment(ref tally.Timeout);
        }
        catch (HttpRequestException e)
        {
            Interlocked.Increment(ref tally.Connect);
            if (Interlocked.Increment(ref tally.Reported) <= 3)
            {
                Console.Error.WriteLine($"request failed: {e.Message}");
            }
        }
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    // CPU time (user + system, all threads) of a process in clock ticks, from /proc; 0 if unknown.
    private static long ServerTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static long ServerRssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }
}
