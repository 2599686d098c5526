using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Tests;

/// <summary>The resume hint after Ctrl+C: exact commands a user can paste, not a template.</summary>
public sealed class WaitReportTests
{
    [Fact]
    public void TheResumeCommandGroupsTheImagesStillBuildingByRegion()
    {
        WaitingImage[] left = [new("ami-3", "us-east-1"), new("ami-2", "eu-west-1"), new("ami-1", "eu-west-1")];

        Assert.Equal("Wait-Ami -ImageId ami-1,ami-2 -Region eu-west-1; Wait-Ami -ImageId ami-3 -Region us-east-1", WaitReport.ResumeCommand(left));
    }

    [Fact]
    public void TheResumeCommandCarriesTheConnectionArgumentsOfTheStoppedCommand()
    {
        WaitingImage[] left = [new("ami-1", "eu-west-1"), new("ami-2", "us-east-1")];

        Assert.Equal("Wait-Ami -ImageId ami-1 -Region eu-west-1 -ProfileName 'prod admin'; Wait-Ami -ImageId ami-2 -Region us-east-1 -ProfileName 'prod admin'",
            WaitReport.ResumeCommand(left, "-ProfileName 'prod admin'"));
    }

    [Fact]
    public void TheStoppedWarningNamesEveryImageAndHowToResume()
    {
        WaitingImage[] left = [new("ami-2", "eu-west-1"), new("ami-1", "eu-west-1")];

        var warning = WaitReport.StoppedWarning(left);

        Assert.Equal("Stopped waiting. Still in progress in AWS: ami-1 (eu-west-1), ami-2 (eu-west-1). " +
                     "Resume with: Wait-Ami -ImageId ami-1,ami-2 -Region eu-west-1", warning);
        Assert.DoesNotContain("<", warning);
    }

    [Theory]
    [InlineData("prod", "prod")]
    [InlineData("prod admin", "'prod admin'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("http://127.0.0.1:4566/", "http://127.0.0.1:4566/")]
    public void ArgumentsAreQuotedOnlyWhenPowerShellNeedsIt(string value, string expected) =>
        Assert.Equal(expected, WaitReport.Quote(value));
}
