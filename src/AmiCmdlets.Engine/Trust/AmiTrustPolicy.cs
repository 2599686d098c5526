using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AmiCmdlets.Engine.Trust;

/// <summary>
/// What a trusted image is, as the user says it (Test-AmiTrust, New-GoldenAmi -RequireTrustedSource). By default:
/// your own images and verified providers' Quick Start images; no Marketplace or community image, nothing shared by
/// an account not named in TrustedOwners, nothing deprecated, not available, or refused by Allowed AMIs.
/// </summary>
public sealed class AmiTrustPolicy
{
    /// <summary>Account ids or owner aliases (amazon, aws-marketplace) whose images are trusted whatever their source.</summary>
    public IReadOnlyList<string> TrustedOwners { get; set; } = new string[0];
    public int? MaxAgeDays { get; set; }
    public bool AllowMarketplace { get; set; }
    public bool AllowCommunity { get; set; }
    public int? MaxCriticalFindings { get; set; }

    /// <summary>The reasons <paramref name="report"/> fails this policy, each saying what would accept it; empty when it passes.</summary>
    public IReadOnlyList<string> ReasonsAgainst(AmiTrustReport report, string state, string? findingsProblem)
    {
        var reasons = new List<string>();
        var owner = report.OwnerAlias == null ? "account " + report.OwnerId : report.OwnerAlias + " (" + report.OwnerId + ")";
        var named = IsNamed(report);
        if (state != "available") reasons.Add("it is " + state + ", not available");
        if (TrustedOwners.Count > 0 && !named && report.Source != AmiSource.Custom)
            reasons.Add("its owner, " + owner + ", is not in -TrustedOwner");
        else if (!named)
        {
            switch (report.Source)
            {
                case AmiSource.Community when !AllowCommunity:
                    reasons.Add("a community image: public, from " + owner + ", which is no verified provider (-AllowCommunity or -TrustedOwner " + report.OwnerId + " accepts it)");
                    break;
                case AmiSource.Marketplace when !AllowMarketplace:
                    reasons.Add("a Marketplace image (product codes " + string.Join(", ", report.ProductCodes) + ") that may carry software fees (-AllowMarketplace accepts it)");
                    break;
                case AmiSource.SharedWithYou:
                    reasons.Add("shared with you by " + owner + ", which is not in -TrustedOwner");
                    break;
            }
        }
        if (report.Deprecated) reasons.Add("deprecated since " + Format(report.DeprecationTime));
        if (MaxAgeDays is int maxAge && report.AgeDays > maxAge) reasons.Add(report.AgeDays + " days old, more than -MaxAgeDays " + maxAge);
        if (report.ImageAllowed == false) reasons.Add("not allowed by this account's Allowed AMIs settings");
        if (MaxCriticalFindings is int maxCritical)
        {
            if (findingsProblem != null) reasons.Add("its Amazon Inspector findings could not be read (" + findingsProblem + "), so -MaxCriticalFindings cannot be checked");
            else if (report.CriticalFindings > maxCritical) reasons.Add(report.CriticalFindings + " critical Amazon Inspector findings, more than -MaxCriticalFindings " + maxCritical);
        }
        return reasons;
    }

    private bool IsNamed(AmiTrustReport report) =>
        TrustedOwners.Any(o => string.Equals(o, report.OwnerId, StringComparison.Ordinal) || string.Equals(o, report.OwnerAlias, StringComparison.OrdinalIgnoreCase));

    private static string Format(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "an unknown time";
}
