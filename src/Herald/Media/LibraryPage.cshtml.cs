using System.Security.Claims;
using System.Security.Cryptography;
using Herald.Accounts;
using Herald.Desk;
using Herald.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Herald.Media;

// /desk/media: upload images, video and audio (with poster and WebVTT captions), and find
// them again by caption, credit or alt text to use their addresses in the editor.
[Authorize(Policy = DeskPolicies.Writers)]
public sealed class LibraryPageModel(MediaStore store, HeraldOptions options, IOptions<MediaOptions> media, TimeProvider clock) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public IFormFile? Poster { get; set; }

    [BindProperty]
    public IFormFile? Captions { get; set; }

    [BindProperty]
    public string? CaptionsLanguage { get; set; }

    [BindProperty]
    public string? Alt { get; set; }

    [BindProperty]
    public string? Caption { get; set; }

    [BindProperty]
    public string? Credit { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }
    public string? Query { get; private set; }
    public int Number { get; private set; } = 1;
    public IReadOnlyList<MediaItem> Items { get; private set; } = [];
    public bool HasNext { get; private set; }
    public long MaxUploadBytes => media.Value.MaxUploadBytes;

    public async Task OnGetAsync(string? q, [FromQuery(Name = "page")] int pageNumber = 1)
    {
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Number = Math.Clamp(pageNumber, 1, 10_000);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Upload is null || Upload.Length == 0)
        {
            return await RejectAsync(StatusCodes.Status400BadRequest, "Choose a file to upload.");
        }
        if (Upload.Length > media.Value.MaxUploadBytes || (Poster?.Length ?? 0) > media.Value.MaxUploadBytes)
        {
            return await RejectAsync(StatusCodes.Status413PayloadTooLarge, $"The file is larger than the {media.Value.MaxUploadBytes / (1024 * 1024)} MB allowed.");
        }
        var type = MediaTypes.Sniff(await HeadAsync(Upload));
        if (type is null)
        {
            return await RejectAsync(StatusCodes.Status415UnsupportedMediaType,
                $"“{Upload.FileName}” is not a JPEG, PNG or WebP image, nor an MP4, WebM, MP3, M4A, Ogg or WAV file. Its contents were checked, not its name.");
        }
        if (type.Kind != MediaTypes.Video && (Poster is { Length: > 0 } || Captions is { Length: > 0 }))
        {
            return await RejectAsync(StatusCodes.Status400BadRequest, "A poster and captions belong to a video; leave them empty for an image or sound.");
        }
        var folder = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var dir = Path.Combine(options.DataDir, "media", folder);
        Directory.CreateDirectory(dir);
        try
        {
            var item = await StoreAsync(type, folder, dir);
            await store.InsertAsync(item);
            Notice = $"Uploaded. Its address is {item.Url}";
            return Redirect("/desk/media");
        }
        catch (Exception e) when (e is ImageRejectedException or MediaRejectedException)
        {
            Directory.Delete(dir, recursive: true);
            return await RejectAsync(StatusCodes.Status415UnsupportedMediaType, e.Message);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    private async Task<MediaItem> StoreAsync(MediaType type, string folder, string dir)
    {
        var ct = HttpContext.RequestAborted;
        int? width = null, height = null;
        string fileName;
        string? posterFile = null, captionsFile = null;
        if (type.Kind == MediaTypes.Image)
        {
            await using var input = Upload!.OpenReadStream();
            var (w, h, _) = await ImageVariants.WriteAsync(input, type, dir, media.Value.MaxImagePixels, ct);
            (width, height, fileName) = (w, h, $"{w}.{type.Extension}");
        }
        else
        {
            // Sound and video are kept as uploaded (no re-encoding on the web server).
            fileName = "media." + type.Extension;
            await using (var output = System.IO.File.Create(Path.Combine(dir, fileName)))
            {
                await Upload!.CopyToAsync(output, ct);
            }
            if (Poster is { Length: > 0 })
            {
                var posterType = MediaTypes.Sniff(await HeadAsync(Poster));
                if (posterType is not { Kind: MediaTypes.Image })
                {
                    throw new MediaRejectedException($"The poster “{Poster.FileName}” is not a JPEG, PNG or WebP image.");
                }
                await using var input = Poster.OpenReadStream();
                var (w, h, _) = await ImageVariants.WriteAsync(input, posterType, dir, media.Value.MaxImagePixels, ct);
                (width, height, posterFile) = (w, h, $"{w}.{posterType.Extension}");
            }
            if (Captions is { Length: > 0 })
            {
                if (!MediaTypes.IsWebVtt(await HeadAsync(Captions)))
                {
                    throw new MediaRejectedException($"The captions “{Captions.FileName}” are not a WebVTT file (it must start with WEBVTT).");
                }
                captionsFile = "captions.vtt";
                await using var output = System.IO.File.Create(Path.Combine(dir, captionsFile));
                await Captions.CopyToAsync(output, ct);
            }
        }
        return new MediaItem
        {
            Folder = folder, Kind = type.Kind, FileName = fileName, ContentType = type.ContentType, Bytes = Upload!.Length, Width = width, Height = height,
            PosterFile = posterFile, CaptionsFile = captionsFile, CaptionsLanguage = Blank(CaptionsLanguage),
            OriginalName = Path.GetFileName(Upload.FileName), Alt = Blank(Alt), Caption = Blank(Caption), Credit = Blank(Credit),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(), CreatedBy = User.FindFirstValue(HeraldClaims.DisplayName) ?? "?",
        };
    }

    private static async Task<byte[]> HeadAsync(IFormFile file)
    {
        var head = new byte[16];
        await using var s = file.OpenReadStream();
        var read = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false);
        return head[..read];
    }

    private async Task<IActionResult> RejectAsync(int status, string problem)
    {
        Problem = problem;
        Response.StatusCode = status;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        ViewData["Title"] = "Media library";
        ViewData["DeskNav"] = "media";
        (Items, HasNext) = await store.SearchAsync(Query, null, Number);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public sealed class MediaRejectedException(string message) : Exception(message);
