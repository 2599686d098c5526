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
        foreach (var group in used.GroupBy(c => ReferenceRegion(c.Region)).Where(g => g.Key != null))
        {
            var suspects = group.Where(c => c.Region != group.Key).GroupBy(c => c.Region).Select(g => g.First()).ToList();
            if (suspects.Count == 0) continue;
            Dictionary<string, string?> regions;
            try
            {
                var response = await _clients.Ec2(suspects[0].InRegion(group.Key!))
                    .DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = true }, cancellationToken).ConfigureAwait(false);
                regions = (response.Regions ?? new List<Region>()).ToDictionary(r => r.RegionName, r => (string?)r.OptInStatus, StringComparer.Ordinal);
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
                    return new AmiOperationException(ErrorIds.RegionNotEnabled, AmiErrorCategory.NotEnabled, suspect.Region,
                        suspect.Region + " is an opt-in region that this account has not enabled, so AWS refuses every call there " +
                        "(as if the keys were wrong). Enable it in the AWS console (Account, AWS Regions) or with " +
                        "'aws account enable-region --region-name " + suspect.Region + "', or use another region. (" + error.Message + ")",
                        error.AwsErrorCode, error);
                }
            }
        }
        return error;
    }

    /// <summary>The partition's region that is always enabled, to ask from; null where none is known.</summary>
    private static string? ReferenceRegion(string region) =>
        region.StartsWith("us-gov-", StringComparison.Ordinal) ? "us-gov-west-1"
        : region.StartsWith("cn-", StringComparison.Ordinal) ? "cn-north-1"
        : region.StartsWith("eusc-", StringComparison.Ordinal) ? "eusc-de-east-1"
        : region.IndexOf("-iso", StringComparison.Ordinal) >= 0 ? null
        : "us-east-1";
}
