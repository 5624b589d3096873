using System.IO.Hashing;
using Herald.Reading;

namespace Herald.Tests.Reading;

// The buffer ContentEtag holds a page in while it hashes it: whatever the sizes of the writes,
// the bytes sent and the hash must be those of the page as written.
public sealed class PooledBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(50_240)]
    [InlineData(300_000)]
    public async Task Sends_and_hashes_exactly_the_bytes_written(int size)
    {
        var page = new byte[size];
        new Random(size).NextBytes(page);
        await using var body = new PooledBody();
        var random = new Random(7);
        for (var at = 0; at < size;)
        {
            var n = Math.Min(size - at, random.Next(1, 9000));
            if (n % 2 == 0)
            {
                await body.WriteAsync(page.AsMemory(at, n), TestContext.Current.CancellationToken);
            }
            else
            {
                body.Write(page, at, n);
            }
            at += n;
        }
        Assert.Equal(size, body.Length);
        Assert.Equal(XxHash128.Hash(page), body.Hash());
        using var sent = new MemoryStream();
        await body.SendAsync(sent, TestContext.Current.CancellationToken);
        Assert.Equal(page, sent.ToArray());
    }

    // A page a PageWriter sends is taken over whole, not copied; writes before and after it
    // (a view around a written part) still come out in order, and the page's array goes back
    // to the pool with the rest.
    [Theory]
    [InlineData(0, 50_240, 0)]
    [InlineData(10, 1, 10)]
    [InlineData(16 * 1024 + 5, 20_000, 70_000)]
    [InlineData(0, 200_000, 3)]
    public async Task A_written_page_is_taken_over_between_other_writes(int before, int pageSize, int after)
    {
        var random = new Random(before + pageSize + after);
        var text = new string([.. Enumerable.Range(0, pageSize).Select(_ => (char)random.Next('a', 'z' + 1))]);
        var (head, tail) = (new byte[before], new byte[after]);
        random.NextBytes(head);
        random.NextBytes(tail);
        await using var body = new PooledBody();
        body.Write(head);
        var page = new PageWriter(System.Text.Encodings.Web.HtmlEncoder.Default, 1024);
        page.Raw(text);
        await page.SendAsync(body);
        await body.WriteAsync(tail, TestContext.Current.CancellationToken);
        byte[] expected = [.. head, .. System.Text.Encoding.UTF8.GetBytes(text), .. tail];
        Assert.Equal(expected.Length, body.Length);
        Assert.Equal(XxHash128.Hash(expected), body.Hash());
        using var sent = new MemoryStream();
        await body.SendAsync(sent, TestContext.Current.CancellationToken);
        Assert.Equal(expected, sent.ToArray());
    }
}
