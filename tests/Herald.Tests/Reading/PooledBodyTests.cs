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
}
