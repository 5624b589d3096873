using System.Net;
using Herald.Articles;
using Herald.Desk;
using Herald.Tests.Support;

namespace Herald.Tests.Desk;

public sealed class EditorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A value for every field of every block type, as someone would type it.
    public static readonly IReadOnlyDictionary<string, Dictionary<string, string>> EveryBlock = new Dictionary<string, Dictionary<string, string>>
    {
        ["paragraph"] = new() { ["text"] = "The talks were <strong>open</strong> and <em>useful</em>, said <a href=\"https://example.org/\">the ministry</a>." },
        ["subheading"] = new() { ["text"] = "No breakthrough expected" },
        ["quote"] = new() { ["text"] = "collective, rapid and serious", ["speaker"] = "Ana Blink", ["role"] = "Foreign minister" },
        ["image"] = new() { ["src"] = "https://img.example.org/talks.jpg", ["alt"] = "Two delegations at a table", ["caption"] = "The talks", ["credit"] = "Photo: Desk", ["width"] = "1200", ["height"] = "800" },
        ["gallery"] = new() { ["images"] = "https://img.example.org/a.jpg | First | Caption A | Credit A\nhttps://img.example.org/b.jpg | Second", ["caption"] = "Scenes" },
        ["video"] = new()
        {
            ["src"] = "https://video.example.org/talks.mp4", ["poster"] = "https://img.example.org/poster.jpg", ["captions"] = "https://video.example.org/talks.vtt",
            ["captionsLanguage"] = "en", ["caption"] = "The press conference", ["credit"] = "Herald TV", ["programme"] = "Herald at One",
            ["airTime"] = "2026-01-21T13:00", ["correspondent"] = "Jo Anger", ["durationSeconds"] = "95",
        },
        ["audio"] = new() { ["src"] = "https://audio.example.org/talks.mp3", ["caption"] = "Interview", ["credit"] = "Herald Radio", ["durationSeconds"] = "300" },
        ["box"] = new() { ["title"] = "Background", ["text"] = "The talks began in <em>May</em>.", ["link.url"] = "https://example.org/background", ["link.text"] = "More", ["image.src"] = "https://img.example.org/box.jpg", ["image.alt"] = "A map" },
        ["list"] = new() { ["style"] = "numbered", ["items"] = "First demand\nSecond <strong>demand</strong>" },
        ["related"] = new() { ["slugs"] = "earlier-talks\nsanctions-explained" },
        ["embed"] = new() { ["url"] = "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ["title"] = "The press conference" },
    };

    private static Dictionary<string, string> Basics(string title) => new()
    {
        ["Form.Title"] = title,
        ["Form.Topline"] = "Diplomacy",
        ["Form.Lead"] = "The ministers met for three hours.",
        ["Form.Section"] = "world",
        ["Form.Language"] = "en",
        ["Form.Tags"] = "Talks, Diplomacy",
        ["Form.Authors"] = "Jo Anger | correspondent | Moscow\nKim Lee",
    };

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_editor_writes_an_article_with_every_block_type_using_plain_forms(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var desk = await DeskClient.SignInAsync(site, "editor");
        var (_, page) = await HtmlPage.GetAsync(desk.Http, "/desk/articles/new");
        var changes = Basics("Talks end without breakthrough");
        // The new page starts with one paragraph; add one block of every other type, typing as we go.
        foreach (var type in Block.Types.Skip(1))
        {
            var (added, next) = await desk.EditAsync("/desk/articles/new", "add:" + type, changes, page);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            page = next;
        }
        Assert.Equal(Block.Types.Count, page.QuerySelectorAll("fieldset.block").Length);
        for (var i = 0; i < Block.Types.Count; i++)
        {
            Assert.Equal(Block.Types[i], page.QuerySelector($"input[name='Form.Blocks[{i}].Type']")!.GetAttribute("value"));
            foreach (var (key, value) in EveryBlock[Block.Types[i]])
            {
                changes[$"Form.Blocks[{i}].F[{key}]"] = value;
            }
        }
        Assert.Equal("Talks end without breakthrough", page.QuerySelector("#f-Title")!.GetAttribute("value"));

        var (saved, _) = await desk.EditAsync("/desk/articles/new", "save", changes, page);
        Assert.True(Forms.IsRedirect(saved), saved.StatusCode.ToString());
        var id = DeskClient.IdFrom(saved);

        var article = await site.Get<DeskStore>().ArticleAsync(id);
        Assert.Equal(ArticleStates.Draft, article!.State);
        var doc = ArticleFormat.Parse(article.Document).Document!;
        Assert.True(doc.Draft);
        Assert.Equal("talks-end-without-breakthrough", doc.Slug);
        Assert.Equal(Block.Types, doc.Blocks.Select(b => BlockForms.From(b, TimeZoneInfo.Utc).Type));
        Assert.Equal(new Credit("Jo Anger", "correspondent", "Moscow"), doc.Authors[0]);
        var video = Assert.IsType<VideoBlock>(doc.Blocks[5]);
        Assert.Equal(new DateTimeOffset(2026, 1, 21, 12, 0, 0, TimeSpan.Zero), video.AirTime);
        Assert.Equal(95, video.DurationSeconds);
        Assert.Equal(2, Assert.IsType<GalleryBlock>(doc.Blocks[4]).Images.Count);
        Assert.True(Assert.IsType<ListBlock>(doc.Blocks[8]).Numbered);

        // Reopened, the editor shows every field as saved.
        var (_, reopened) = await HtmlPage.GetAsync(desk.Http, $"/desk/articles/{id}");
        Assert.Equal(EveryBlock["quote"]["speaker"], reopened.QuerySelector("#b2-speaker")!.GetAttribute("value"));
        Assert.Equal(EveryBlock["paragraph"]["text"], reopened.QuerySelector("#b0-text")!.TextContent);
        Assert.Equal("2026-01-21T13:00", reopened.QuerySelector("#b5-airTime")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.NotFound, (await desk.Http.GetAsync(new Uri("/world/talks-end-without-breakthrough", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Blocks_move_up_and_down_and_are_removed_without_saving_anything()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var desk = await DeskClient.SignInAsync(site, "contributor");
        var changes = Basics("Moving blocks");
        changes["Form.Blocks[0].F[text]"] = "First paragraph";
        var (_, page) = await desk.EditAsync("/desk/articles/new", "add:subheading", changes);
        var (_, moved) = await desk.EditAsync("/desk/articles/new", "up:1", new Dictionary<string, string> { ["Form.Blocks[1].F[text]"] = "A heading" }, page);
        Assert.Equal("subheading", moved.QuerySelector("input[name='Form.Blocks[0].Type']")!.GetAttribute("value"));
        Assert.Equal("A heading", moved.QuerySelector("#b0-text")!.GetAttribute("value"));
        Assert.Equal("First paragraph", moved.QuerySelector("#b1-text")!.TextContent);
        var (_, down) = await desk.EditAsync("/desk/articles/new", "down:0", null, moved);
        Assert.Equal("paragraph", down.QuerySelector("input[name='Form.Blocks[0].Type']")!.GetAttribute("value"));
        var (_, removed) = await desk.EditAsync("/desk/articles/new", "remove:0", null, down);
        Assert.Single(removed.QuerySelectorAll("fieldset.block"));
        Assert.Equal("A heading", removed.QuerySelector("#b0-text")!.GetAttribute("value"));
        Assert.Empty((await site.Get<DeskStore>().ListAsync(new DeskFilter(null, null, null, null, 1))).Rows);
    }

    [Fact]
    public async Task A_validation_error_shows_beside_its_block_field_and_keeps_everything_typed()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var desk = await DeskClient.SignInAsync(site, "editor");
        var changes = Basics("Errors beside fields");
        changes["Form.Blocks[0].F[text]"] = "Bad <b>markup</b> here";
        changes["Form.Lead"] = "";
        var (_, page) = await desk.EditAsync("/desk/articles/new", "add:quote", changes);
        var (response, errors) = await desk.EditAsync("/desk/articles/new", "save", new Dictionary<string, string> { ["Form.Blocks[1].F[speaker]"] = "Someone" }, page);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<b>", errors.QuerySelector("#b0-text-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bad <b>markup</b> here", errors.QuerySelector("#b0-text")!.TextContent);
        Assert.Equal("Must not be empty.", errors.QuerySelector("#b1-text-error")!.TextContent);
        Assert.Equal("Someone", errors.QuerySelector("#b1-speaker")!.GetAttribute("value"));
        Assert.NotNull(errors.QuerySelector("#f-Lead-error"));
        Assert.Equal("true", errors.QuerySelector("#f-Lead")!.GetAttribute("aria-invalid"));
        Assert.Equal("Errors beside fields", errors.QuerySelector("#f-Title")!.GetAttribute("value"));
    }
}
