using System.Globalization;
using System.Security.Claims;
using Herald.Accounts;
using Herald.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Herald.Desk;

public sealed record DeskApiArticle(long Id, string Slug, string Title, string State, int Revision, bool UnpublishedChanges);

public sealed record DeskApiList(IReadOnlyList<DeskApiArticle> Items, bool HasNext);

public sealed record DeskApiSaved(long Id, int Revision, string State);

// The admin API: the desk for automation, with bearer tokens. Articles go in and out in
// herald/article@1; invalid documents get the same messages as `herald import`, as RFC 9457
// problem details with an "errors" list of {path, message}.
public static class DeskApi
{
    public const string Writers = "api-writers";
    public const string Editors = "api-editors";
    private const int MaxBody = 5 * 1024 * 1024;

    public static void MapDeskApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/desk").WithTags("Desk (admin API)");

        api.MapGet("/articles", async (DeskStore store, string? state, string? q, int? page) =>
        {
            var (rows, next) = await store.ListAsync(new DeskFilter(Workflow.States.Contains(state) ? state : null, null, null, q, page ?? 1));
            return TypedResults.Ok(new DeskApiList(rows.Select(r => new DeskApiArticle(r.Id, r.Slug, r.Title, r.State, 0, r.Pending)).ToList(), next));
        }).RequireAuthorization(Writers).WithSummary("Articles, most recently changed first (filters: state, q for the title, page)");

        api.MapGet("/articles/{id:long}", async Task<Results<ContentHttpResult, NotFound>> (long id, DeskStore store, HttpContext context) =>
        {
            if (await store.ArticleAsync(id) is not { } article)
            {
                return TypedResults.NotFound();
            }
            context.Response.Headers.ETag = $"\"{article.Revision}\"";
            context.Response.Headers["Herald-State"] = article.State;
            return TypedResults.Content(article.Document, "application/json; charset=utf-8");
        }).RequireAuthorization(Editors).WithSummary("The current revision of an article in herald/article@1; its ETag is the revision number")
            .Produces<object>(StatusCodes.Status200OK, "application/json");

        api.MapPost("/articles", async (HttpRequest request, Publisher publisher, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (await ReadAsync(request) is not { } doc)
            {
                return Invalid(request);
            }
            try
            {
                var saved = await publisher.SaveRevisionAsync(null, doc, Who(user), null, "Created through the API", null);
                return Results.Created($"/api/v1/desk/articles/{saved.ArticleId}", new DeskApiSaved(saved.ArticleId, saved.Revision, ArticleStates.Draft));
            }
            catch (PublishException e)
            {
                return Problem(StatusCodes.Status409Conflict, "The article cannot be created", e.Message);
            }
        }).RequireAuthorization(Writers).Accepts<object>("application/json").Produces<DeskApiSaved>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a draft from a herald/article@1 document");

        api.MapPut("/articles/{id:long}", async (long id, HttpRequest request, DeskStore store, Publisher publisher, ClaimsPrincipal user) =>
        {
            if (await store.ArticleAsync(id) is not { } article)
            {
                return Results.NotFound();
            }
            if (await ReadAsync(request) is not { } doc)
            {
                return Invalid(request);
            }
            if (!Workflow.Allows(article.State, DeskAction.Edit, user.FindFirstValue(ClaimTypes.Role), own: false))
            {
                return Problem(StatusCodes.Status409Conflict, "The article cannot be edited now", $"it is {Workflow.StateLabel(article.State).ToLowerInvariant()}");
            }
            var basedOn = request.Headers.IfMatch.ToString().Trim('"', ' ') is { Length: > 0 } match && int.TryParse(match, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            try
            {
                var saved = await publisher.SaveRevisionAsync(id, doc, Who(user), null, "Saved through the API", basedOn ?? article.Revision);
                return Results.Ok(new DeskApiSaved(id, saved.Revision, article.State));
            }
            catch (RevisionConflictException e)
            {
                return Problem(StatusCodes.Status412PreconditionFailed, "The article has changed", $"If-Match names revision {basedOn}, but the current revision is {e.Current}");
            }
            catch (PublishException e)
            {
                return Problem(StatusCodes.Status409Conflict, "The article cannot be saved", e.Message);
            }
        }).RequireAuthorization(Editors).Accepts<object>("application/json").Produces<DeskApiSaved>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Save a new revision (If-Match: \"revision\" guards against overwriting someone else's save); the public page changes only when published");

        api.MapPost("/articles/{id:long}/publish", async (long id, bool? minor, string? correction, DeskStore store, Publisher publisher, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (await store.ArticleAsync(id) is not { } article)
            {
                return Results.NotFound();
            }
            if (!Workflow.Allows(article.State, DeskAction.Publish, user.FindFirstValue(ClaimTypes.Role), own: false))
            {
                return Problem(StatusCodes.Status409Conflict, "The article cannot be published now", $"it is {Workflow.StateLabel(article.State).ToLowerInvariant()}");
            }
            var saved = await publisher.PublishCurrentAsync(id, Who(user), minor ?? false, string.IsNullOrWhiteSpace(correction) ? null : correction.Trim(), article.Revision);
            await audit.RecordAsync(user, article.State == ArticleStates.Published ? "updated" : "published", $"article {id}", "through the API");
            return Results.Ok(new DeskApiSaved(id, saved.Revision, ArticleStates.Published));
        }).RequireAuthorization(Editors).Produces<DeskApiSaved>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Publish the current revision (minor=true keeps the status stamp; correction adds a public correction note)");

        api.MapPost("/articles/{id:long}/unpublish", async (long id, DeskStore store, Publisher publisher, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (await store.ArticleAsync(id) is not { } article)
            {
                return Results.NotFound();
            }
            if (!Workflow.Allows(article.State, DeskAction.Unpublish, user.FindFirstValue(ClaimTypes.Role), own: false))
            {
                return Problem(StatusCodes.Status409Conflict, "The article cannot be unpublished", $"it is {Workflow.StateLabel(article.State).ToLowerInvariant()}");
            }
            await publisher.UnpublishAsync(article.Slug);
            await audit.RecordAsync(user, "unpublished", $"article {id}", "through the API");
            return Results.Ok(new DeskApiSaved(id, article.Revision, ArticleStates.Unpublished));
        }).RequireAuthorization(Editors).Produces<DeskApiSaved>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Take a published article off the site (its address then answers 410 Gone)");
    }

    private static string Who(ClaimsPrincipal user) => user.FindFirstValue(HeraldClaims.DisplayName) ?? "api";

    private const string ErrorsKey = "herald:format-errors";

    // Reads and validates the body; on failure the errors wait in HttpContext.Items for Invalid().
    private static async Task<ArticleDocument?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBody)
        {
            request.HttpContext.Items[ErrorsKey] = new[] { new FormatError("", $"is larger than {MaxBody / (1024 * 1024)} MB") };
            return null;
        }
        using var reader = new StreamReader(request.Body);
        var parsed = ArticleFormat.Parse(await reader.ReadToEndAsync(request.HttpContext.RequestAborted));
        if (!parsed.Ok)
        {
            request.HttpContext.Items[ErrorsKey] = parsed.Errors;
        }
        return parsed.Document;
    }

    private static IResult Invalid(HttpRequest request)
    {
        var errors = (IReadOnlyList<FormatError>)request.HttpContext.Items[ErrorsKey]!;
        return Results.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The document is not valid herald/article@1",
            Type = "https://herald.invalid/problems/invalid-article",
            Detail = string.Join("; ", errors.Select(e => e.ToString())),
            Extensions = { ["errors"] = errors.Select(e => new { path = e.Path, message = e.Message }).ToList() },
        });
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = char.ToUpperInvariant(detail[0]) + detail[1..] + "." });
}
