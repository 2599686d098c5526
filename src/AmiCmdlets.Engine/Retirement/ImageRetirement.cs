using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// Set-AmiDeprecation, Enable-/Disable-AmiDeregistrationProtection, Disable-/Enable-Ami. The plan reads
/// every named image with one DescribeImages per region and checks what AWS would refuse (not found, not
/// owned, a deprecation time AWS rejects, a state the change does not apply to), so each refusal is one
/// clear error and no call is wasted. Execute makes one call per approved image and, for -PassThru,
/// reads the changed images back with one DescribeImages per region.
/// </summary>
public sealed class ImageRetirement(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    public async Task<IReadOnlyList<RetirementStep>> PlanAsync(IReadOnlyList<RegionBatch> batches, RetirementChange change, EngineEventStream events, CancellationToken cancellationToken)
    {
        var owned = await new OwnedImageLookup(clients).FindAsync(batches, events, cancellationToken).ConfigureAwait(false);
        var now = _utcNow();
        var steps = new List<RetirementStep>();
        foreach (var image in owned)
        {
            try
            {
                var step = Plan(image, change, now);
                if (change.Kind == RetirementChangeKind.DisableProtection && image.Protection.Until is string until && image.Protection.IsInForce(now))
                {
                    events.Warning("Deregistration protection of " + image.ImageId + " is off but its cooldown keeps it in force until " +
                        until + "; the image cannot be deregistered before then.");
                }
                else if (step.AlreadyDone) events.Verbose(image.ImageId + " in " + image.Region + " is already as asked (" + Describe(change) + "); no call needed.");
                steps.Add(step);
            }
            catch (AmiOperationException refused)
            {
                events.Error(refused);
            }
        }
        return steps;
    }

    public async Task ExecuteAsync(IReadOnlyList<RetirementStep> approved, RetirementChange change, bool passThru, EngineEventStream events, CancellationToken cancellationToken)
    {
        var failed = await PlaceFanOut.ForEachAsync(approved.Where(step => !step.AlreadyDone), async step =>
        {
            await ApplyAsync(clients.Ec2(step.Connection), step, change, cancellationToken).ConfigureAwait(false);
            events.Verbose(step.ImageId + " in " + step.Region + ": " + step.Action + ": done.");
            if (step.CooldownApplies)
            {
                events.Warning("Deregistration protection of " + step.ImageId + " stays in force until about " + Show(_utcNow().AddHours(24)) +
                    ": it was enabled with a cooldown. The image cannot be deregistered before then.");
            }
        }, step => step.ImageId, step => step.Action + " (" + step.ImageId + " in " + step.Region + ") failed", events, cancellationToken,
            new CallLimiter(CallLimits.PerResourceCalls), scopeOf: step => step.Connection.InFleet).ConfigureAwait(false);

        if (passThru) await OutputRefreshedAsync(approved.Where(step => !failed.Contains(step)).ToList(), events, cancellationToken).ConfigureAwait(false);
    }

    private static RetirementStep Plan(OwnedImage image, RetirementChange change, DateTime now)
    {
        var ami = image.Ami;
        var label = "AMI '" + ami.Name + "'";
        switch (change.Kind)
        {
            case RetirementChangeKind.Deprecate:
                var at = DeprecationSchedule.Normalize(change.DeprecateAt!.Value, now, ami.Public, ami.ImageId, ami.CreationDate);
                return new RetirementStep(image.Connection, ami.ImageId, ami.Name, "Deprecate " + label + " at " + Show(at) +
                    (ami.DeprecationTime is DateTime current && current != at ? " (instead of " + Show(current) + ")" : ""), ami.DeprecationTime == at)
                { DeprecateAtUtc = at };

            case RetirementChangeKind.ClearDeprecation:
                return new RetirementStep(image.Connection, ami.ImageId, ami.Name, "Cancel the deprecation of " + label +
                    (ami.DeprecationTime is DateTime set ? " (set for " + Show(set) + ")" : ""), ami.DeprecationTime == null);

            case RetirementChangeKind.EnableProtection:
                return new RetirementStep(image.Connection, ami.ImageId, ami.Name, "Turn on deregistration protection for " + label +
                    (change.WithCooldown ? " with a 24-hour cooldown" : ""), image.Protection.IsOn(change.WithCooldown));

            case RetirementChangeKind.DisableProtection:
                var cooldown = image.Protection.HasCooldown;
                return new RetirementStep(image.Connection, ami.ImageId, ami.Name, "Turn off deregistration protection for " + label +
                    (cooldown ? " (its cooldown keeps it protected for 24 more hours)" : ""), image.Protection.IsOff)
                { CooldownApplies = cooldown };

            case RetirementChangeKind.Disable:
                if (ami.State != "available" && ami.State != "disabled")
                {
                    throw EngineErrors.AmiNotAvailable(ami, "disabled", "Nothing was changed for it.");
                }
                return new RetirementStep(image.Connection, ami.ImageId, ami.Name, "Disable " + label + ": it can no longer be launched and becomes private" +
                    (ami.Public ? " (it is public now)" : "") + "; its launch permissions are removed", ami.State == "disabled");

            case RetirementChangeKind.Enable:
                if (ami.State != "available" && ami.State != "disabled")
                {
                    throw new AmiOperationException(ErrorIds.AmiNotDisabled, AmiErrorCategory.InvalidOperation, ami.ImageId,
                        "AMI " + ami.ImageId + " ('" + ami.Name + "') in " + image.Region + " is " + ami.State + "; only a disabled AMI can be re-enabled.");
                }
                return new RetirementStep(image.Connection, ami.ImageId, ami.Name, "Re-enable " + label + " (it stays private: share it again if needed)", ami.State == "available");

            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }
    }

    private static Task ApplyAsync(IAmazonEC2 ec2, RetirementStep step, RetirementChange change, CancellationToken cancellationToken)
    {
        switch (change.Kind)
        {
            case RetirementChangeKind.Deprecate:
                return ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = step.ImageId, DeprecateAt = step.DeprecateAtUtc }, cancellationToken);
            case RetirementChangeKind.ClearDeprecation:
                return ec2.DisableImageDeprecationAsync(new DisableImageDeprecationRequest { ImageId = step.ImageId }, cancellationToken);
            case RetirementChangeKind.EnableProtection:
                return ec2.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = step.ImageId, WithCooldown = change.WithCooldown }, cancellationToken);
            case RetirementChangeKind.DisableProtection:
                return ec2.DisableImageDeregistrationProtectionAsync(new DisableImageDeregistrationProtectionRequest { ImageId = step.ImageId }, cancellationToken);
            case RetirementChangeKind.Disable:
                return ec2.DisableImageAsync(new DisableImageRequest { ImageId = step.ImageId }, cancellationToken);
            case RetirementChangeKind.Enable:
                return ec2.EnableImageAsync(new EnableImageRequest { ImageId = step.ImageId }, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }
    }

    /// <summary>-PassThru: the images as AWS now stores them, one DescribeImages per region (per 200 ids).</summary>
    private async Task OutputRefreshedAsync(IReadOnlyList<RetirementStep> steps, EngineEventStream events, CancellationToken cancellationToken)
    {
        var refreshed = new ConcurrentDictionary<string, Ami>(StringComparer.Ordinal);
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachPlaceAsync(steps, s => s.Connection, (connection, group) =>
            finder.ForEachImageByIdAsync(connection, group.Select(s => s.ImageId), image => refreshed[image.ImageId] = AmiMapper.ToAmi(image, connection), cancellationToken),
            connection => "The changes were made, but reading the images back in " + connection.Region + " failed", events, cancellationToken).ConfigureAwait(false);
        foreach (var step in steps)
            if (refreshed.TryGetValue(step.ImageId, out var ami)) events.Output(ami);
    }

    private static string Describe(RetirementChange change)
    {
        switch (change.Kind)
        {
            case RetirementChangeKind.Deprecate: return "deprecation time";
            case RetirementChangeKind.ClearDeprecation: return "no deprecation time";
            case RetirementChangeKind.EnableProtection: return "deregistration protection on" + (change.WithCooldown ? " with cooldown" : "");
            case RetirementChangeKind.DisableProtection: return "deregistration protection off";
            case RetirementChangeKind.Disable: return "disabled";
            default: return "enabled";
        }
    }

    internal static string Show(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
