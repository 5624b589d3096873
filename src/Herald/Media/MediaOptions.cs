namespace Herald.Media;

// Herald:Media in configuration.
public sealed class MediaOptions
{
    // The largest upload accepted, in bytes (a request over it is answered 413).
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    // Images with more pixels are refused before they are decoded (a small file can expand to gigabytes).
    public long MaxImagePixels { get; set; } = 60_000_000;
}
