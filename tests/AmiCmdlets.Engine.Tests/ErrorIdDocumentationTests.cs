using System.Reflection;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// The error ids are written once (<see cref="ErrorIds"/>): README's troubleshooting table and the help pages
/// use the same ids, so a renamed or new id cannot leave the documentation behind.
/// </summary>
public sealed class ErrorIdDocumentationTests
{
    /// <summary>Ids the README's table leaves out on purpose, with why.</summary>
    private static readonly Dictionary<string, string> NotInReadme = new(StringComparer.Ordinal)
    {
        // Checked at binding: PowerShell reports them as ParameterArgumentValidationError, which the table explains.
        [ErrorIds.InvalidImageId] = "binding", [ErrorIds.InvalidInstanceId] = "binding", [ErrorIds.InvalidSnapshotId] = "binding",
        [ErrorIds.InvalidAccountId] = "binding", [ErrorIds.InvalidOrganizationArn] = "binding", [ErrorIds.InvalidOrganizationalUnitArn] = "binding",
        [ErrorIds.InvalidPrincipal] = "binding", [ErrorIds.InvalidOwner] = "binding", [ErrorIds.InvalidExecutableBy] = "binding",
        [ErrorIds.InvalidRoleArn] = "binding", [ErrorIds.InvalidExternalId] = "binding", [ErrorIds.InvalidEndpointUrl] = "binding",
        // The message says all there is to do; the cmdlet's help page lists them.
        [ErrorIds.InvalidAmiName] = "help page", [ErrorIds.InvalidNameTemplate] = "help page", [ErrorIds.InstanceHasNoName] = "help page",
        [ErrorIds.DeviceNotFound] = "help page", [ErrorIds.CannotExcludeRootDevice] = "help page", [ErrorIds.AmiNotDisabled] = "help page",
        [ErrorIds.NoPrincipal] = "help page", [ErrorIds.ExternalIdWithoutRole] = "help page", [ErrorIds.ProfileCredentialsUnavailable] = "help page",
        [ErrorIds.SnapshotInUse] = "help page",
        // AWS's own answer passed on with its code in the message.
        [ErrorIds.AwsConnectionFailed] = "AWS", [ErrorIds.AwsServiceUnavailable] = "AWS", [ErrorIds.AwsRequestTimedOut] = "AWS",
        [ErrorIds.AwsRequestFailed] = "AWS", [ErrorIds.AwsClientError] = "AWS", [ErrorIds.AwsQuotaExceeded] = "AWS",
        [ErrorIds.InvalidParameterValue] = "AWS", [ErrorIds.IncorrectState] = "AWS", [ErrorIds.OperationNotPermitted] = "AWS",
        [ErrorIds.KmsKeyNotFound] = "AWS", [ErrorIds.KmsKeyDisabled] = "AWS", [ErrorIds.SnapshotNotFound] = "AWS",
        // A bug of ours: the message asks for a report.
        [ErrorIds.UnexpectedError] = "bug",
    };

    /// <summary>Words of the help pages that look like error ids but are not ours.</summary>
    private static readonly HashSet<string> NotOurIds = new(StringComparer.Ordinal)
    {
        "ParameterArgumentValidationError", // PowerShell's, at binding
        "ImageAvailable", "IncludeDisabled", "IncludeInUse", // a waiter and parameters
        "NotShared", "NotAllowed", // reasons of Find-InstanceOnOutdatedAmi
    };

    private static IReadOnlyList<string> Ids() => typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "docs", "cmdlets"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static HashSet<string> ReadmeTableIds()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        var table = readme.Substring(readme.IndexOf("| ErrorId |", StringComparison.Ordinal));
        table = table.Substring(0, table.IndexOf("\n\n", StringComparison.Ordinal));
        return table.Split('\n').Select(row => row.Split('|').ElementAtOrDefault(1) ?? "")
            .SelectMany(cell => Regex.Matches(cell, "`([A-Za-z]+)`").Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Every_id_is_in_the_README_table_or_exempt_with_a_reason()
    {
        var table = ReadmeTableIds();
        var missing = Ids().Where(id => !table.Contains(id) && !NotInReadme.ContainsKey(id)).ToList();
        var needless = NotInReadme.Keys.Where(table.Contains).ToList(); // an exemption the table no longer needs
        Assert.Empty(missing);
        Assert.Empty(needless);
    }

    [Fact]
    public void Every_id_in_the_README_table_is_one_of_ours()
    {
        var ids = Ids().ToHashSet(StringComparer.Ordinal);
        var unknown = ReadmeTableIds().Where(id => !ids.Contains(id) && !NotOurIds.Contains(id)).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_id_named_in_the_help_pages_is_one_of_ours()
    {
        var ids = Ids().ToHashSet(StringComparer.Ordinal);
        // AWS's own codes (InvalidClientTokenId, RequestLimitExceeded) may be named where the page explains them.
        var awsCodes = typeof(AwsErrorMap).GetField("ByCode", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null) as System.Collections.IDictionary;
        var looksLikeId = new Regex(@"\b(?:Invalid[A-Z]\w*|Aws[A-Z]\w*|\w+(?:NotFound|Failed|Denied|InUse|Mismatch|Protected|NotShareable|NotAvailable|NotDisabled|NotOwned|Timeout|Expired|Exceeded|Throttled|TimedOut|NotEnabled|NotSpecified|NotOrphaned|Shared|NotReady|HasNoName|RequiresForce|Unavailable|AlreadyLoaded|TooOld|Error|Enabled|Disabled|Available))\b");
        var unknown = Directory.GetFiles(Path.Combine(Root(), "docs", "cmdlets"), "*.md")
            .SelectMany(page => looksLikeId.Matches(File.ReadAllText(page)).Select(m => Path.GetFileName(page) + ": " + m.Value))
            .Where(hit =>
            {
                var word = hit.Substring(hit.IndexOf(": ", StringComparison.Ordinal) + 2);
                return char.IsUpper(word[0]) && word.Any(char.IsLower) && word.Skip(1).Any(char.IsUpper)
                       && !ids.Contains(word) && !NotOurIds.Contains(word) && !awsCodes!.Contains(word);
            })
            .Distinct().ToList();
        Assert.Empty(unknown);
    }
}
