using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>
    /// Remove-AmiWithSnapshots. The plan checks every image of a region together, with a handful of describe
    /// calls whatever their number: the images (found, owned, not protected), what still launches from them
    /// (<see cref="ImageUsageIndex"/>) and which of their snapshots other AMIs use (<see cref="SnapshotReferenceIndex"/>).
    /// Each refusal is one non-terminating error and changes nothing. Execute deregisters every approved image,
    /// then deletes each snapshot that no remaining AMI uses, one DeleteSnapshot per snapshot, so every result
    /// says exactly which snapshots are gone and why any other stays.
    /// </summary>
    public sealed class ImageRemoval
    {
        private readonly AwsClientFactory _clients;

        public ImageRemoval(AwsClientFactory clients) => _clients = clients;

        public async Task<RemovalPlan> PlanAsync(RemovalRequest request, EngineEventStream events, CancellationToken cancellationToken)
        {
            var owned = await new OwnedImageLookup(_clients).FindAsync(request.Batches, events, cancellationToken).ConfigureAwait(false);
            var regions = owned.GroupBy(i => i.Region).ToList();
            var checkedImages = await Task.WhenAll(regions.Select(group => PlanRegionAsync(request, group.ToList(), events, cancellationToken))).ConfigureAwait(false);
            // ShouldProcess asks in the order the images came.
            var byKey = checkedImages.SelectMany(c => c).ToDictionary(c => c.Region + "|" + c.ImageId, StringComparer.Ordinal);
            var ordered = owned.Select(i => byKey.TryGetValue(i.Region + "|" + i.ImageId, out var c) ? c : null).Where(c => c != null).Select(c => c!).ToList();
            return new RemovalPlan(ordered, request.KeepSnapshots);
        }

        private async Task<List<RemovalCandidate>> PlanRegionAsync(RemovalRequest request, List<OwnedImage> images, EngineEventStream events, CancellationToken cancellationToken)
        {
            var connection = images[0].Connection;
            var region = connection.Region;
            var unprotected = new List<OwnedImage>();
            var now = DateTime.UtcNow;
            foreach (var image in images)
            {
                if (!image.IsProtected(now)) unprotected.Add(image);
                else events.Error(Protected(image));
            }
            if (unprotected.Count == 0) return new List<RemovalCandidate>();

            var ids = unprotected.Select(i => i.ImageId).ToList();
            var usageTask = ImageUsageIndex.BuildAsync(_clients.Ec2(connection), ids, cancellationToken);
            var indexTask = request.KeepSnapshots ? Task.FromResult<SnapshotReferenceIndex>(null!) : SnapshotReferenceIndex.BuildAsync(_clients, connection, cancellationToken);
            ImageUsageIndex? usage = null;
            AmiOperationException? usageFailure = null;
            try { usage = await usageTask.ConfigureAwait(false); }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                usageFailure = AwsErrorMap.Translate(exception, region, "Checking which instances and launch templates use the images in " + region + " failed");
                if (AwsErrorMap.IsFatal(usageFailure)) throw usageFailure;
            }
            SnapshotReferenceIndex? index;
            try { index = await indexTask.ConfigureAwait(false); }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = AwsErrorMap.Translate(exception, region, "Reading which AMIs use which snapshots in " + region + " failed");
                if (AwsErrorMap.IsFatal(failure)) throw failure;
                foreach (var image in unprotected)
                {
                    events.Error(new AmiOperationException(failure.ErrorId, failure.Category, image.ImageId, failure.Message +
                        ". Without it no snapshot can safely be deleted, so " + image.ImageId + " was not removed. -KeepSnapshot removes the image alone.", failure.AwsErrorCode, failure));
                }
                return new List<RemovalCandidate>();
            }

            var regionState = new RegionRemoval(connection, index);
            var candidates = new List<RemovalCandidate>();
            foreach (var image in unprotected)
            {
                var users = usage?.UsersOf(image.ImageId) ?? new string[0];
                if (usageFailure != null)
                {
                    if (!request.Force)
                    {
                        events.Error(new AmiOperationException(usageFailure.ErrorId, usageFailure.Category, image.ImageId, usageFailure.Message +
                            ". " + image.ImageId + " was not removed, since it may still be in use; -Force removes it without this check.", usageFailure.AwsErrorCode, usageFailure));
                        continue;
                    }
                    events.Warning("Could not check whether " + image.ImageId + " is still in use (" + usageFailure.Message + "); removing it anyway (-Force).");
                }
                else if (users.Count > 0)
                {
                    if (!request.Force)
                    {
                        events.Error(new AmiOperationException("AmiInUse", AmiErrorCategory.ResourceBusy, image.ImageId,
                            "AMI " + image.ImageId + " ('" + image.Ami.Name + "') in " + region + " is still used by " + RemovalPlan.Users(users) +
                            "; it was not removed. Move them to another image first, or add -Force to remove it anyway (new launches from them will fail)."));
                        continue;
                    }
                    events.Warning("AMI " + image.ImageId + " ('" + image.Ami.Name + "') is still used by " + RemovalPlan.Users(users) + "; removing it anyway (-Force).");
                }
                var candidate = new RemovalCandidate(image, users, regionState);
                regionState.Candidates[image.ImageId] = candidate;
                candidates.Add(candidate);
            }
            return candidates;
        }

        private static AmiOperationException Protected(OwnedImage image)
        {
            var protection = image.Protection;
            var how = protection.StartsWith("disabled-until-", StringComparison.Ordinal)
                ? "Its protection was turned off with a cooldown and stays in force until " + protection.Substring("disabled-until-".Length) + "; try again after that."
                : "Turn it off first with: Disable-AmiDeregistrationProtection -ImageId " + image.ImageId + " -Region " + image.Region +
                  (protection == "enabled-with-cooldown" ? ". It was enabled with a cooldown, so it stays in force for 24 hours after that." : ".");
            return new AmiOperationException("AmiDeregistrationProtected", AmiErrorCategory.InvalidOperation, image.ImageId,
                "AMI " + image.ImageId + " ('" + image.Ami.Name + "') in " + image.Region + " has deregistration protection (" + protection + "); it was not removed. " + how);
        }

        /// <summary>Removes the approved candidates, region by region in parallel, and outputs one AmiRemovalResult each.</summary>
        public async Task ExecuteAsync(RemovalPlan plan, EngineEventStream events, CancellationToken cancellationToken)
        {
            var approved = plan.Candidates.Where(c => c.Approved).OrderBy(c => c.ApprovalOrder).ToList();
            var results = await Task.WhenAll(approved.GroupBy(c => c.Region).Select(group => new RegionExecution(_clients, plan, group.ToList(), events).RunAsync(cancellationToken))).ConfigureAwait(false);
            // A failure that stops everything (credentials, endpoint) is raised only after every result is out,
            // so no deregistered image goes unreported.
            var fatal = results.Select(r => r.Fatal).FirstOrDefault(f => f != null);
            if (fatal != null) throw fatal;
        }
    }
}
