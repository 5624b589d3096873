using System.Text;
using BenchmarkDotNet.Attributes;
using Herald.Reading;

namespace Herald.Benchmarks;

// The front lane reads every request head it is sent before deciding whether to answer it
// on the socket (Reading/FrontLaneRequest): what that costs per request, for what wrk
// sends and for what a browser sends (a dozen headers, cookies, a validator).
[MemoryDiagnoser]
public class LaneBenchmarks
{
    private static readonly byte[] SignInCookie = Encoding.ASCII.GetBytes(Herald.Accounts.AccountsSetup.CookieName);

    private byte[] request = [];

    [Params("wrk", "browser")]
    public string Client { get; set; } = "wrk";

    [GlobalSetup]
    public void Setup() => request = Encoding.ASCII.GetBytes(Client == "wrk"
        ? "GET /local/deal-of-the-data-shortage-they-minister-the HTTP/1.1\r\nHost: 127.0.0.1:18700\r\n\r\n"
        : "GET /local/deal-of-the-data-shortage-they-minister-the HTTP/1.1\r\nHost: news.example.org\r\n" +
          "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0\r\n" +
          "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-GB,en;q=0.5\r\n" +
          "Accept-Encoding: gzip, deflate, br, zstd\r\nConnection: keep-alive\r\nReferer: https://news.example.org/local\r\n" +
          "Cookie: consent=analytics-off; theme=dark\r\nUpgrade-Insecure-Requests: 1\r\nSec-Fetch-Dest: document\r\n" +
          "Sec-Fetch-Mode: navigate\r\nSec-Fetch-Site: same-origin\r\nIf-None-Match: \"435a82d6623f9d98df41ed0fac93f106\"\r\n" +
          "Priority: u=0, i\r\n\r\n");

    [Benchmark(Description = "FrontLaneRequest.Read")]
    public FrontLaneRequest.Head Read() => FrontLaneRequest.Read(request, SignInCookie, trustedPeer: false);
}
