using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.Comments;

// Each comment form carries a signed token: when it was shown (a form sent back faster
// than a person can type is a bot) and a nonce that makes a retried submission
// recognisable, so it never creates a second comment.
public sealed class FormTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector protector = protection.CreateProtector("Herald.Comments.FormToken");

    public string Issue() =>
        protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow().ToUnixTimeMilliseconds()}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}"));

    // (issued at, nonce) or null when the token was not made here or was tampered with.
    public (long IssuedAt, string Nonce)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var parts = protector.Unprotect(token).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? (at, parts[1]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
