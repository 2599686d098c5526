using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Tells a region problem from a key problem. AWS answers a call signed for a region that does not exist,
/// or for an opt-in region the account has not enabled, as it answers bad keys (EC2 AuthFailure, STS
/// InvalidClientTokenId), or DNS fails for an endpoint that does not exist. Only on such a failure, one
/// DescribeRegions (AllRegions) in the partition's always-enabled region says which it is.
/// </summary>
public sealed class RegionAccessDiagnosis
{
    private readonly AwsClientFactory _clients;

    public RegionAccessDiagnosis(AwsClientFactory clients) => _clients = clients;

    /// <summary>Whether <paramref name="error"/> is the kind of failure a region can cause.</summary>
    public static bool MayBeRegion(AmiOperationException error) =>
        error.ErrorId == ErrorIds.AwsAuthenticationFailed || error.ErrorId == ErrorIds.AwsConnectionFailed;

    /// <summary>UnknownRegion or RegionNotEnabled when one of the regions used is the cause; else the error itself.</summary>
    public async Task<AmiOperationException> ExplainAsync(AmiOperationException error, IReadOnlyCollection<ResolvedConnection> used, CancellationToken cancellationToken)
    {
        if (!MayBeRegion(error) || used.Count == 0) return error;
        foreach (var group in used.GroupBy(c => AwsPartition.AlwaysEnabledRegion(c.Region)).Where(g => g.Key != null))
        {
            var suspects = group.Where(c => c.Region != group.Key).GroupBy(c => c.Region).Select(g => g.First()).ToList();
            if (suspects.Count == 0) continue;
            Dictionary<string, string> regions;
            try
            {
                regions = await RegionStatesAsync(suspects[0].InRegion(group.Key!), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The reference region fails too: the keys (or the network) are the problem, as first said.
                return error;
            }
            foreach (var suspect in suspects)
            {
                if (!regions.TryGetValue(suspect.Region, out var optIn))
                {
                    return KnownRegions.Unknown(suspect.Region, suspect.RegionSource, "DescribeRegions in " + group.Key + " does not list it");
                }
                if (optIn == "not-opted-in")
                {
                    return NotEnabled(suspect.Region, ", so AWS refuses every call there (as if the keys were wrong).",
                        ", or use another region. (" + error.Message + ")", error);
                }
            }
        }
        return error;
    }

    /// <summary>Every region of the partition with its opt-in status: one DescribeRegions with AllRegions.</summary>
    internal async Task<Dictionary<string, string>> RegionStatesAsync(ResolvedConnection anyRegion, CancellationToken cancellationToken)
    {
        var response = await _clients.Ec2(anyRegion).DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = true }, cancellationToken).ConfigureAwait(false);
        return (response.Regions ?? new List<Region>()).ToDictionary(r => r.RegionName, r => r.OptInStatus ?? "", StringComparer.Ordinal);
    }

    /// <summary>RegionNotEnabled: what it means here (<paramref name="consequence"/>) and how to enable the region.</summary>
    internal static AmiOperationException NotEnabled(string region, string consequence, string tail, AmiOperationException? cause = null, string account = "this account", string? target = null) =>
        new AmiOperationException(ErrorIds.RegionNotEnabled, AmiErrorCategory.NotEnabled, target ?? region,
            region + " is an opt-in region that " + account + " has not enabled" + consequence + " Enable it in the AWS console " +
            "(Account, AWS Regions) or with 'aws account enable-region --region-name " + region + "'" + tail, cause?.AwsErrorCode, cause);
}
