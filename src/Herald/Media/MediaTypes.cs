using System.Text;

namespace Herald.Media;

public sealed record MediaType(string Kind, string Extension, string ContentType);

// What a file is, judged by its first bytes (never by its name or the browser's word).
public static class MediaTypes
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";

    public static MediaType? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return new(Image, "jpg", "image/jpeg");
        }
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new(Image, "png", "image/png");
        }
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return new(Image, "webp", "image/webp");
        }
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WAVE"u8))
        {
            return new(Audio, "wav", "audio/wav");
        }
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            // ISO base media: the brand says whether it is sound only.
            var brand = Encoding.ASCII.GetString(b[8..12]);
            return brand is "M4A " or "M4B " ? new(Audio, "m4a", "audio/mp4") : new(Video, "mp4", "video/mp4");
        }
        if (b.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return new(Video, "webm", "video/webm");
        }
        if (b.StartsWith("OggS"u8))
        {
            return new(Audio, "ogg", "audio/ogg");
        }
        if (b.StartsWith("ID3"u8) || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0))
        {
            return new(Audio, "mp3", "audio/mpeg");
        }
        return null;
    }

    // WebVTT files start with "WEBVTT" (after an optional byte order mark), then a space, tab or line end.
    public static bool IsWebVtt(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            b = b[3..];
        }
        return b.StartsWith("WEBVTT"u8) && (b.Length == 6 || b[6] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r');
    }

    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jpg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".m4a" => "audio/mp4",
        ".mp3" => "audio/mpeg",
        ".ogg" => "audio/ogg",
        ".wav" => "audio/wav",
        ".vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    };
}
