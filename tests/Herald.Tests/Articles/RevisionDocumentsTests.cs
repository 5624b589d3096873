using Herald.Articles;
using Herald.Tests.Support;

namespace Herald.Tests.Articles;

public sealed class RevisionDocumentsTests
{
    // A crawl through thousands of old revisions must not push out the one everyone reads.
    [Fact]
    public void Keeps_the_revisions_read_most_recently_when_full()
    {
        var documents = new RevisionDocuments();
        var hot = documents.Of(1, Samples.IssueExample);
        Assert.NotNull(hot);
        for (long id = 2; id <= 3 * RevisionDocuments.Limit; id++)
        {
            documents.Of(id, Samples.IssueExample);
            Assert.Same(hot, documents.Of(1, "not read again: the kept document is returned"));
            Assert.True(documents.Count <= RevisionDocuments.Limit);
        }
        Assert.True(documents.Holds(3 * RevisionDocuments.Limit));
        Assert.False(documents.Holds(2));
    }

    [Fact]
    public void A_document_that_does_not_parse_is_kept_as_none()
    {
        var documents = new RevisionDocuments();
        Assert.Null(documents.Of(7, "{ not json"));
        Assert.True(documents.Holds(7));
        Assert.Null(documents.Of(7, Samples.IssueExample));
    }
}
