using System.Globalization;
using System.Text;
using System.Xml;

namespace Herald.Feeds;

// What the XML writers of feeds and sitemaps share.
public static class FeedXml
{
    public static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
    };

    public static byte[] Write(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    // Text from articles may hold control characters that XML 1.0 cannot carry at all.
    public static string Clean(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsSurrogatePair(text, i);
            var valid = pair || XmlConvert.IsXmlChar(text[i]);
            if (!valid && clean is null)
            {
                clean = new StringBuilder(text.Length).Append(text, 0, i);
            }
            else if (valid)
            {
                clean?.Append(text, i, pair ? 2 : 1);
            }
            if (pair)
            {
                i++;
            }
        }
        return clean?.ToString() ?? text;
    }

    public static void Element(XmlWriter writer, string name, string value) => writer.WriteElementString(name, Clean(value));

    public static void Element(XmlWriter writer, string prefix, string name, string ns, string value) =>
        writer.WriteElementString(prefix, name, ns, Clean(value));

    // RFC 822 as RSS 2.0 wants it ("Mon, 02 Mar 2026 08:15:00 GMT").
    public static string Rfc822(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("r", CultureInfo.InvariantCulture);
}
