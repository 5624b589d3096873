using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Herald.Media;
using Herald.Tests.Desk;
using Herald.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Herald.Tests.Media;

public sealed class MediaUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A real image made here: a gradient, so resizing has something to do.
    private static byte[] MakeImage(string format, int width = 2000, int height = 1000, bool withExif = false)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), 120);
                }
            }
        });
        if (withExif)
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Artist, "Secret Photographer");
            exif.SetValue(ExifTag.Make, "Camera Maker");
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.GPSLatitude, [new Rational(52, 1), new Rational(31, 1), new Rational(12, 1)]);
            image.Metadata.ExifProfile = exif;
        }
        using var stream = new MemoryStream();
        switch (format)
        {
            case "jpg": image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 }); break;
            case "png": image.SaveAsPng(stream, new PngEncoder()); break;
            default: image.SaveAsWebp(stream, new WebpEncoder()); break;
        }
        return stream.ToArray();
    }

    private static async Task<(HttpResponseMessage Response, string Html)> UploadAsync(HttpClient client, (string Field, string Name, byte[] Bytes)[] files, Dictionary<string, string>? fields = null)
    {
        var (_, page) = await HtmlPage.GetAsync(client, "/desk/media");
        var token = page.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields ?? [])
        {
            content.Add(new StringContent(value), key);
        }
        foreach (var (field, name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            // The browser's word for the type is deliberately wrong: only the contents count.
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, field, name);
        }
        var response = await client.PostAsync(new Uri("/desk/media", UriKind.Relative), content, Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<MediaItem> NewestAsync(TestSite site) => (await site.Get<MediaStore>().SearchAsync(null, null, 1)).Items[0];

    [Theory]
    [InlineData("jpg", "image/jpeg")]
    [InlineData("png", "image/png")]
    [InlineData("webp", "image/webp")]
    public async Task A_valid_image_of_each_type_is_stored_in_responsive_sizes_and_served(string format, string contentType)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var desk = await DeskClient.SignInAsync(site, "editor");
        // The name says nothing true about the contents.
        var (response, html) = await UploadAsync(desk.Http, [("Upload", "upload.bin", MakeImage(format))],
            new() { ["Alt"] = "A gradient", ["Caption"] = "Test card", ["Credit"] = "Herald lab" });
        Assert.True(Forms.IsRedirect(response), html);

        var item = await NewestAsync(site);
        Assert.Equal(("image", 2000, 1000), (item.Kind, item.Width, item.Height));
        Assert.Equal($"2000.{format}", item.FileName);
        foreach (var width in new[] { 480, 960, 1440, 1920, 2000 })
        {
            var file = await site.Client().GetAsync(new Uri($"/media/{item.Folder}/{width}.{format}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(contentType, file.Content.Headers.ContentType!.MediaType);
            using var served = Image.Load(await file.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal(width, served.Width);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client().GetAsync(new Uri($"/media/{item.Folder}/2400.{format}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal($"/media/{item.Folder}/480.{format} 480w, /media/{item.Folder}/960.{format} 960w, /media/{item.Folder}/1440.{format} 1440w, /media/{item.Folder}/1920.{format} 1920w, /media/{item.Folder}/2000.{format} 2000w",
            MediaVariants.SrcSet(item.Url));
    }

    [Fact]
    public async Task Camera_and_location_metadata_are_stripped_from_an_uploaded_photo()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var desk = await DeskClient.SignInAsync(site, "contributor");
        var original = MakeImage("jpg", 1200, 800, withExif: true);
        using (var check = Image.Load(original))
        {
            Assert.NotNull(check.Metadata.ExifProfile);
        }
        var (response, _) = await UploadAsync(desk.Http, [("Upload", "holiday.jpg", original)]);
        Assert.True(Forms.IsRedirect(response));
        var item = await NewestAsync(site);
        foreach (var width in new[] { 480, 960, 1200 })
        {
            var bytes = await site.Client().GetByteArrayAsync(new Uri($"/media/{item.Folder}/{width}.jpg", UriKind.Relative), Ct);
            using var served = Image.Load(bytes);
            Assert.Null(served.Metadata.ExifProfile);
            Assert.DoesNotContain("Secret Photographer", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_renamed_non_image_is_refused_with_415_and_stores_nothing()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var desk = await DeskClient.SignInAsync(site, "editor");
        var (response, html) = await UploadAsync(desk.Http, [("Upload", "photo.jpg", Encoding.UTF8.GetBytes("#!/bin/sh\necho this is not a photo\n"))]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Its contents were checked, not its name", HtmlPage.Parse(html).QuerySelector("#upload-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await site.Get<MediaStore>().SearchAsync(null, null, 1)).Items);

        // A file that starts like a JPEG but is not one is refused by the decoder.
        var (broken, _) = await UploadAsync(desk.Http, [("Upload", "broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, broken.StatusCode);
        Assert.Empty(Directory.Exists(Path.Combine(site.DataDir, "media")) ? Directory.GetDirectories(Path.Combine(site.DataDir, "media")) : []);
    }

    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused_with_413()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite, null, ("Herald:Media:MaxUploadBytes", "20000"));
        var desk = await DeskClient.SignInAsync(site, "editor");
        var (response, _) = await UploadAsync(desk.Http, [("Upload", "big.png", new byte[30_000])]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        // A request that announces a body far over the limit is refused before it is read.
        var (huge, _) = await UploadAsync(desk.Http, [("Upload", "huge.png", new byte[200_000])]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Empty((await site.Get<MediaStore>().SearchAsync(null, null, 1)).Items);
    }

    [Fact]
    public async Task A_video_is_stored_with_its_poster_and_webvtt_captions_and_found_by_caption_and_credit()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var desk = await DeskClient.SignInAsync(site, "editor");
        var mp4 = new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 2, 0, 1, 2, 3, 4 };
        var vtt = Encoding.UTF8.GetBytes("WEBVTT\n\n00:00.000 --> 00:02.000\nThe door is left open.\n");
        var (response, html) = await UploadAsync(desk.Http, [("Upload", "conference.mp4", mp4), ("Poster", "poster.png", MakeImage("png", 640, 360)), ("Captions", "en.vtt", vtt)],
            new() { ["Caption"] = "Press conference in Moscow", ["Credit"] = "Herald at One", ["CaptionsLanguage"] = "en" });
        Assert.True(Forms.IsRedirect(response), html);
        var item = await NewestAsync(site);
        Assert.Equal(("video", "media.mp4", "640.png", "captions.vtt"), (item.Kind, item.FileName, item.PosterFile, item.CaptionsFile));
        var captions = await site.Client().GetAsync(new Uri(item.CaptionsUrl!, UriKind.Relative), Ct);
        Assert.Equal("text/vtt", captions.Content.Headers.ContentType!.MediaType);
        Assert.Equal("video/mp4", (await site.Client().GetAsync(new Uri(item.Url, UriKind.Relative), Ct)).Content.Headers.ContentType!.MediaType);

        var (_, byCredit) = await HtmlPage.GetAsync(desk.Http, "/desk/media?q=herald+at");
        Assert.Equal(item.Url, byCredit.QuerySelector(".media-item input")!.GetAttribute("value"));
        var (_, none) = await HtmlPage.GetAsync(desk.Http, "/desk/media?q=nothing-like-it");
        Assert.Empty(none.QuerySelectorAll(".media-item"));
        var (_, editor) = await HtmlPage.GetAsync(desk.Http, "/desk/articles/new");
        Assert.Contains(editor.QuerySelectorAll("#media-files option"), o => o.GetAttribute("value") == item.Url);

        var (badCaptions, _) = await UploadAsync(desk.Http, [("Upload", "clip.mp4", mp4), ("Captions", "en.vtt", Encoding.UTF8.GetBytes("1\n00:00:00,000 --> 00:00:02,000\nSRT, not VTT\n"))]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, badCaptions.StatusCode);
    }

    // A page of the library, whole or of one kind, reads an index in its order: no sort,
    // and no walk of every item to find a page of a rare kind.
    [Theory]
    [InlineData(false, "media_by_time")]
    [InlineData(true, "media_by_kind (kind=?)")]
    public async Task A_page_of_the_media_library_reads_its_index_in_order(bool byKind, string index)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, MediaStore.SearchSql(byKind ? ["kind = @kind"] : []), new { kind = "video", limit = 25, offset = 0 });
        Assert.Contains(plan, p => p.Contains("USING INDEX " + index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
