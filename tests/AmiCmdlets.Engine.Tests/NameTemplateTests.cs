using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;

namespace AmiCmdlets.Engine.Tests;

public sealed class NameTemplateTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 5, 38, 52, DateTimeKind.Utc);

    [Theory]
    [InlineData("web-{date}", "web-2026-11-26")]
    [InlineData("web-{timestamp}", "web-20261126053852")]
    [InlineData("{name}-{instance}", "frontend-i-0abc1234def567890")]
    [InlineData("web-{DATE}", "web-2026-11-26")]
    [InlineData("plain name (v1.2) [x] @team's_/", "plain name (v1.2) [x] @team's_/")]
    public void ExpandsPlaceholdersInUtc(string template, string expected)
    {
        NameTemplate.Validate(template);
        Assert.Equal(expected, NameTemplate.Expand(template, Now, "i-0abc1234def567890", "frontend"));
    }

    [Theory]
    [InlineData("web-{version}", "InvalidNameTemplate")]
    [InlineData("ab", "InvalidAmiName")]
    [InlineData("web:{date}", "InvalidAmiName")]
    [InlineData("web-*", "InvalidAmiName")]
    public void RejectsBadTemplatesBeforeAnyCall(string template, string errorId)
    {
        var error = Assert.Throws<AmiOperationException>(() => NameTemplate.Validate(template));
        Assert.Equal(errorId, error.ErrorId);
    }

    [Fact]
    public void TooLongOnceExpandedIsRejected()
    {
        Assert.Throws<AmiOperationException>(() => NameTemplate.Validate(new string('a', 120) + "-{timestamp}"));
    }

    [Fact]
    public void NameWithoutNameTagIsAClearError()
    {
        var error = Assert.Throws<AmiOperationException>(() => NameTemplate.Expand("{name}", Now, "i-0abc1234def567890", null));
        Assert.Equal("InstanceHasNoName", error.ErrorId);
    }

    [Fact]
    public void AmiNameRulesMatchEc2()
    {
        Assert.True(AmiNameRules.IsValid("abc"));
        Assert.False(AmiNameRules.IsValid("ab"));
        Assert.True(AmiNameRules.IsValid(new string('a', 128)));
        Assert.False(AmiNameRules.IsValid(new string('a', 129)));
        Assert.False(AmiNameRules.IsValid("web#1"));
        Assert.False(AmiNameRules.IsValid("web-1\n"));
    }
}
