using Dapper;
using Herald.Data;

namespace Herald.Media;

public sealed class MediaItem
{
    public long Id { get; init; }
    public string Folder { get; init; } = "";
    public string Kind { get; init; } = "";
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Bytes { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? PosterFile { get; init; }
    public string? CaptionsFile { get; init; }
    public string? CaptionsLanguage { get; init; }
    public string OriginalName { get; init; } = "";
    public string? Alt { get; init; }
    public string? Caption { get; init; }
    public string? Credit { get; init; }
    public long CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";

    public string Url => $"/media/{Folder}/{FileName}";
    public string? PosterUrl => PosterFile is null ? null : $"/media/{Folder}/{PosterFile}";
    public string? CaptionsUrl => CaptionsFile is null ? null : $"/media/{Folder}/{CaptionsFile}";
    // The smallest variant, for the library's thumbnails.
    public string? ThumbnailUrl => Kind == MediaTypes.Image ? $"/media/{Folder}/{MediaVariants.WidthsFor(Width ?? 1)[0]}{Path.GetExtension(FileName)}" : PosterUrl;
}

public sealed class MediaStore(Db db)
{
    public const int PageSize = 30;

    public async Task<long> InsertAsync(MediaItem m)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO media (folder, kind, file_name, content_type, bytes, width, height, poster_file, captions_file, captions_language,
                               original_name, alt, caption, credit, created_at, created_by)
            VALUES (@Folder, @Kind, @FileName, @ContentType, @Bytes, @Width, @Height, @PosterFile, @CaptionsFile, @CaptionsLanguage,
                    @OriginalName, @Alt, @Caption, @Credit, @CreatedAt, @CreatedBy)
            RETURNING id
            """, m);
    }

    // Search by caption, credit, alt text or file name; newest first.
    public async Task<(IReadOnlyList<MediaItem> Items, bool HasNext)> SearchAsync(string? q, string? kind, int page)
    {
        await using var c = await db.OpenAsync();
        var pattern = string.IsNullOrWhiteSpace(q) ? null : "%" + q.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var where = new List<string>();
        if (pattern is not null)
        {
            where.Add("""
                (LOWER(COALESCE(caption, '')) LIKE @pattern ESCAPE '\' OR LOWER(COALESCE(credit, '')) LIKE @pattern ESCAPE '\'
                 OR LOWER(COALESCE(alt, '')) LIKE @pattern ESCAPE '\' OR LOWER(original_name) LIKE @pattern ESCAPE '\')
                """);
        }
        if (kind is not null)
        {
            where.Add("kind = @kind");
        }
        var rows = (await c.QueryAsync<MediaItem>(SearchSql(where),
            new { pattern, kind, limit = PageSize + 1, offset = (Math.Max(page, 1) - 1) * PageSize })).ToList();
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize);
    }

    // Newest first, through media_by_time, or media_by_kind (migration 0021) for one kind:
    // walking every item newest first to find the few of a rare kind read the whole library.
    internal static string SearchSql(IReadOnlyList<string> where) =>
        $"""
        SELECT id, folder, kind, file_name, content_type, bytes, width, height, poster_file, captions_file, captions_language,
               original_name, alt, caption, credit, created_at, created_by
        FROM media {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
        ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
        """;
}
