using AmiCmdlets.Engine.Cleanup;

namespace AmiCmdlets.Engine.Tests;

public sealed class AmiFamilyTests
{
    [Theory]
    [InlineData("web-2026-11-01", "web")]
    [InlineData("web-20261101120000", "web")]
    [InlineData("web-1.4.2", "web")]
    [InlineData("web-v12", "web")]
    [InlineData("web-1.4.2-20261101", "web-1.4.2")]
    [InlineData("ubuntu-22.04-2026-11-01", "ubuntu-22.04")]
    [InlineData("web_2026.11.01", "web")]
    [InlineData("web-golden-2026-11-01T12-00-00Z", "web-golden")]
    [InlineData("api-server-1700000000", "api-server")]
    [InlineData("db-primary", "db-primary")]
    [InlineData("2026-11-01", "2026-11-01")]
    [InlineData("windows-2022-base-2026-11-12", "windows-2022-base")]
    [InlineData("web-b57", "web")]
    [InlineData("web_r3", "web")]
    [InlineData("web2", "web")]
    [InlineData("api-dev2", "api-dev")]
    [InlineData("ubuntu-server2-2026-11-01", "ubuntu-server2")]
    public void StripsOneTrailingDateTimestampOrVersion(string name, string family) =>
        Assert.Equal(family, AmiFamily.FromName(name));
}
