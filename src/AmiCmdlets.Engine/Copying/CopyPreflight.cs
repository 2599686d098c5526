using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// Everything Copy-AmiToRegion checks before the first CopyImage: the sources exist and are available,
/// each destination is a region EC2 knows, each KMS key exists, is enabled and is a symmetric
/// encryption key in its destination (a bad key would otherwise fail the copy only after a long wait),
/// and which images already hold the copies' names there, with the keys of their snapshots.
/// </summary>
internal sealed class CopyPreflight(AwsClientFactory clients)
{
    private readonly ConcurrentDictionary<string, Task<string>> _keys = new ConcurrentDictionary<string, Task<string>>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<string>> _defaultKeys = new ConcurrentDictionary<string, Task<string>>(StringComparer.Ordinal);

    /// <summary>Source images by id, read with one DescribeImages per source region; failures per source.</summary>
    public async Task<Dictionary<string, Ami>> DescribeSourcesAsync(IReadOnlyList<CopySource> sources, EngineEventStream events, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, Ami>(StringComparer.Ordinal);
        var finder = new AmiFinder(clients);
        var failed = await PlaceFanOut.ForEachPlaceAsync(sources, s => s.Connection, (connection, group) =>
            finder.ForEachImageByIdAsync(connection, group.Select(s => s.ImageId), image => found[image.ImageId] = AmiMapper.ToAmi(image, connection), cancellationToken),
            connection => "DescribeImages of the source images in " + PlaceFanOut.NameOf(connection), events, cancellationToken).ConfigureAwait(false);
        // A place that could not be read was reported once; its sources are not each "not found" as well.
        var unread = new HashSet<string>(failed.Select(p => p.PlaceKey), StringComparer.Ordinal);

        var usable = new Dictionary<string, Ami>(StringComparer.Ordinal);
        foreach (var source in sources.Where(s => !unread.Contains(s.Connection.PlaceKey)))
        {
            if (!found.TryGetValue(source.ImageId, out var ami))
            {
                events.Error(EngineErrors.AmiNotFound(source.ImageId, PlaceFanOut.NameOf(source.Connection), "nothing was copied from it"));
            }
            else if (ami.State != "available")
            {
                events.Error(EngineErrors.AmiNotAvailable(ami, "copied", "Nothing was copied from it."));
            }
            else
            {
                usable[source.ImageId] = ami;
            }
        }
        return usable;
    }

    /// <summary>
    /// Every region of the partition with its opt-in status (one DescribeRegions with AllRegions), to refuse
    /// a destination a copy could not reach and say why: not a region, or not enabled for this account.
    /// </summary>
    public async Task<Dictionary<string, string>> RegionStatesAsync(ResolvedConnection anyRegion, CancellationToken cancellationToken)
    {
        try
        {
            return await new RegionAccessDiagnosis(clients).RegionStatesAsync(anyRegion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, anyRegion.Region, "DescribeRegions");
        }
    }

    /// <summary>Why a copy cannot go to <paramref name="region"/>, or null when it can.</summary>
    public static AmiOperationException? Unreachable(string region, IReadOnlyDictionary<string, string> states)
    {
        if (!states.TryGetValue(region, out var optIn))
            return KnownRegions.Unknown(region, "-DestinationRegion", "DescribeRegions does not list it; nothing was copied there");
        if (optIn == "not-opted-in")
            return RegionAccessDiagnosis.NotEnabled(region, "; nothing was copied there.", ".");
        return null;
    }

    /// <summary>
    /// The images of this account that hold the copies' names in their destinations, by <see cref="CopyJob.NameKey"/>:
    /// one DescribeImages per destination for all names. Names are unique per account and region, so such an image
    /// is either this source's copy from an earlier run or something a CopyImage would collide with
    /// (InvalidAMIName.Duplicate), such as the source itself when copying into its own region under its own name.
    /// </summary>
    public async Task<Dictionary<string, Ami>> NamesInUseAsync(IReadOnlyList<CopyJob> jobs, EngineEventStream events, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, Ami>(StringComparer.Ordinal);
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachPlaceAsync(jobs, j => j.Destination, async (destination, group) =>
        {
            foreach (var chunk in FilterValues.Chunks(group.Select(j => j.Name).Distinct(StringComparer.Ordinal)))
            {
                await finder.ForEachImageAsync(destination, AmiFinder.OwnImagesNamed(chunk), image =>
                {
                    // A deregistered image still listed for a while no longer holds its name.
                    if (image.State?.Value == "deregistered") return;
                    found[CopyJob.NameKeyOf(destination, image.Name)] = AmiMapper.ToAmi(image, destination);
                }, cancellationToken).ConfigureAwait(false);
            }
        }, destination => "Looking for earlier copies in " + PlaceFanOut.NameOf(destination), events, cancellationToken,
            // The copy itself will meet the same problem and report it; the ClientToken still guards against duplicates.
            report: (_, error) => events.Verbose(error.Message)).ConfigureAwait(false);
        return new Dictionary<string, Ami>(found, StringComparer.Ordinal);
    }

    /// <summary>
    /// The KMS key ARNs of an existing copy's snapshots (DescribeSnapshots), which is where EC2 records the
    /// key. Only when the image lists no snapshot yet, the keys its block device mappings name.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> SnapshotKeysAsync(ResolvedConnection destination, Ami copy, CancellationToken cancellationToken)
    {
        if (copy.SnapshotIds.Count == 0) return copy.KmsKeyIds;
        try
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var request = new DescribeSnapshotsRequest { SnapshotIds = copy.SnapshotIds.ToList() };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, clients.Ec2(destination).DescribeSnapshotsAsync, response => response.NextToken, response =>
            {
                foreach (var snapshot in response.Snapshots ?? new List<Snapshot>())
                    keys.Add(string.IsNullOrEmpty(snapshot.KmsKeyId) ? "" : snapshot.KmsKeyId);
            }, cancellationToken).ConfigureAwait(false);
            keys.Remove("");
            return keys;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, destination.Region, "DescribeSnapshots of the existing copy " + copy.ImageId + " in " + destination.Region);
        }
    }

    /// <summary>
    /// The ARN of the key CopyImage uses for -Encrypted without a key: the account's default EBS key in the
    /// destination (GetEbsDefaultKmsKeyId, which may name an alias), resolved with DescribeKey. Once per place (each account has its own).
    /// </summary>
    public Task<string> DefaultEbsKeyAsync(ResolvedConnection destination, CancellationToken cancellationToken) =>
        _defaultKeys.GetOrAdd(destination.PlaceKey, _ => ResolveDefaultEbsKeyAsync(destination, cancellationToken));

    private async Task<string> ResolveDefaultEbsKeyAsync(ResolvedConnection destination, CancellationToken cancellationToken)
    {
        string keyId;
        try
        {
            var response = await clients.Ec2(destination).GetEbsDefaultKmsKeyIdAsync(new GetEbsDefaultKmsKeyIdRequest(), cancellationToken).ConfigureAwait(false);
            keyId = string.IsNullOrEmpty(response.KmsKeyId) ? "alias/aws/ebs" : response.KmsKeyId;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, destination.Region, "GetEbsDefaultKmsKeyId in " + destination.Region);
        }
        return await CheckKeyAsync(destination, keyId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The key's ARN when it can encrypt the copy in <paramref name="destination"/>; otherwise an
    /// AmiCopyFailed naming the region and the key. Each (place, key) is described once: an alias names another key in each account.
    /// </summary>
    public Task<string> CheckKeyAsync(ResolvedConnection destination, string keyId, CancellationToken cancellationToken) =>
        _keys.GetOrAdd(destination.PlaceKey + "|" + keyId, _ => DescribeKeyAsync(destination, keyId, cancellationToken));

    private async Task<string> DescribeKeyAsync(ResolvedConnection destination, string keyId, CancellationToken cancellationToken)
    {
        KeyMetadata key = null!;
        var error = await PlaceFanOut.TryAsync(async () => key = (await clients.Kms(destination).DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyMetadata,
            destination.Region, null, cancellationToken).ConfigureAwait(false);
        var where = PlaceFanOut.NameOf(destination);
        if (error != null) throw KeyProblem(where, keyId, error.ErrorId == ErrorIds.KmsKeyNotFound ? "does not exist there" : error.Message, error);
        if (key.KeyState != KeyState.Enabled)
            throw KeyProblem(where, keyId, "is " + key.KeyState?.Value + ", not Enabled", null);
        if (key.KeySpec != null && key.KeySpec != KeySpec.SYMMETRIC_DEFAULT)
            throw KeyProblem(where, keyId, "is a " + key.KeySpec.Value + " key; EBS needs a symmetric encryption key (SYMMETRIC_DEFAULT)", null);
        if (key.KeyUsage != null && key.KeyUsage != KeyUsageType.ENCRYPT_DECRYPT)
            throw KeyProblem(where, keyId, "is for " + key.KeyUsage.Value + ", not ENCRYPT_DECRYPT", null);
        return key.Arn;
    }

    private static AmiOperationException KeyProblem(string region, string keyId, string problem, Exception? inner) =>
        new AmiOperationException(ErrorIds.AmiCopyFailed, AmiErrorCategory.InvalidArgument, region,
            "Not copying to " + region + ": the KMS key '" + keyId + "' " + problem + " in " + region + ".", null, inner);
}
