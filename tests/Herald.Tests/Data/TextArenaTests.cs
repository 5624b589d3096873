using System.Text;
using Herald.Data;

namespace Herald.Tests.Data;

// A render's text read into pooled buffers: each value must read back as the string it
// stands in for, and stay intact while later values fill the arena.
public sealed class TextArenaTests
{
    [Fact]
    public void Values_decode_as_Encoding_UTF8_decodes_them_and_stay_intact_as_the_arena_grows()
    {
        using var arena = new TextArena();
        var values = new List<(string Expected, ReadOnlyMemory<char> Text, ReadOnlyMemory<byte> Copy)>();
        var random = new Random(11);
        for (var i = 0; i < 400; i++)
        {
            var text = i % 50 == 0 ? new string('ß', 20_000) : $"comment {i}: Grüße – ✓ 😀 {new string('x', random.Next(0, 900))}";
            var utf8 = Encoding.UTF8.GetBytes(text);
            values.Add((text, arena.Decode(utf8), arena.Copy(utf8)));
        }
        foreach (var (expected, text, copy) in values)
        {
            Assert.Equal(expected, text.ToString());
            Assert.Equal(expected, Encoding.UTF8.GetString(copy.Span));
        }
    }

    [Fact]
    public void Invalid_UTF_8_is_replaced_as_Encoding_UTF8_replaces_it()
    {
        using var arena = new TextArena();
        byte[] broken = [0x61, 0xC3, 0x28, 0xE2, 0x82, 0x62, 0xF0, 0x9F, 0x98, 0xFF, 0x80, 0x63];
        Assert.Equal(Encoding.UTF8.GetString(broken), arena.Decode(broken).ToString());
        Assert.Equal("", arena.Decode([]).ToString());
    }

    [Fact]
    public void A_string_is_encoded_into_the_arena_as_UTF_8()
    {
        using var arena = new TextArena();
        foreach (var text in new[] { "", "plain", "Grüße – ✓ 😀", new string('é', 40_000) })
        {
            Assert.Equal(Encoding.UTF8.GetBytes(text), arena.Encode(text).ToArray());
        }
    }
}
