using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

namespace Herald.Media;

public sealed class ImageRejectedException(string message) : Exception(message);

// Decodes an upload, turns it upright, drops its metadata (EXIF with camera and place,
// IPTC, XMP) and writes it at each responsive width in its own format.
public static class ImageVariants
{
    public static async Task<(int Width, int Height, IReadOnlyList<int> Widths)> WriteAsync(Stream input, MediaType type, string folder, long maxPixels, CancellationToken ct)
    {
        // Identify reads only the header: refuse huge pixel counts before decoding a single row.
        IImageInfo? info;
        try
        {
            info = await Image.IdentifyAsync(input, ct);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            info = null;
        }
        if (info is null)
        {
            throw new ImageRejectedException("The file could not be read as an image.");
        }
        if ((long)info.Width * info.Height > maxPixels)
        {
            throw new ImageRejectedException($"The image is {info.Width} × {info.Height} pixels; the most accepted is {maxPixels / 1_000_000} megapixels.");
        }
        input.Position = 0;
        Image image;
        try
        {
            image = await Image.LoadAsync(input, ct);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new ImageRejectedException("The file could not be read as an image: " + e.Message);
        }
        using (image)
        {
            image.Mutate(x => x.AutoOrient());
            image.Metadata.ExifProfile = null;
            image.Metadata.IptcProfile = null;
            image.Metadata.XmpProfile = null;
            foreach (var frame in image.Frames)
            {
                frame.Metadata.ExifProfile = null;
                frame.Metadata.IptcProfile = null;
                frame.Metadata.XmpProfile = null;
            }
            var widths = MediaVariants.WidthsFor(image.Width);
            foreach (var width in widths.OrderDescending())
            {
                using var copy = width == image.Width ? image.Clone(_ => { }) : image.Clone(x => x.Resize(width, 0, KnownResamplers.Lanczos3));
                await copy.SaveAsync(Path.Combine(folder, $"{width}.{type.Extension}"), Encoder(type), ct);
            }
            return (image.Width, image.Height, widths);
        }
    }

    private static IImageEncoder Encoder(MediaType type) => type.Extension switch
    {
        "jpg" => new JpegEncoder { Quality = 85 },
        "png" => new PngEncoder(),
        _ => new WebpEncoder { Quality = 82 },
    };
}
