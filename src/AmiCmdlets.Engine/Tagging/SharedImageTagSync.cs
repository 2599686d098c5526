using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Engine.Tagging;

/// <summary>
/// Sync-AmiTag: tags of a shared image are private to each account (the owner's are not shown to the accounts it is
/// shared with, and theirs not to the owner), so each consumer account that should see the owner's tags gets them
/// written in its own account (CreateTags through its role). Only reads until the changes are approved; a tag the
/// consumer already has with the same value is not written again; the owner's tags are never touched.
/// </summary>
public sealed class SharedImageTagSync(AwsClientFactory clients)
{
    /// <param name="keys">The tag keys to copy; empty for every tag of the owner (aws: tags never).</param>
    public async Task<IReadOnlyList<TagSyncChange>> PlanAsync(IReadOnlyList<CopySource> sources, IReadOnlyList<ResolvedConnection> consumers, IReadOnlyCollection<string> keys,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var owned = await new CopyPreflight(clients).DescribeSourcesAsync(sources, events, cancellationToken).ConfigureAwait(false);
        var changes = new ConcurrentBag<(int Order, TagSyncChange Change)>();
        var pairs = sources.Where(s => owned.ContainsKey(s.ImageId)).GroupBy(s => s.ImageId, StringComparer.Ordinal).Select(g => g.First())
            .SelectMany(s => consumers.Where(c => c.Region == s.Connection.Region && c.AccountId != owned[s.ImageId].OwnerId).Select(c => (Source: owned[s.ImageId], Consumer: c)))
            .Select((pair, i) => (pair.Source, pair.Consumer, Order: i)).ToList();
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachAsync(pairs, async pair =>
        {
            Ami? seen = null;
            await finder.ForEachImageAsync(pair.Consumer, new DescribeImagesRequest
            {
                Filters = new List<Filter> { new Filter("image-id", new List<string> { pair.Source.ImageId }) },
                IncludeDeprecated = true,
                IncludeDisabled = true,
            }, image => seen = AmiMapper.ToAmi(image, pair.Consumer), cancellationToken).ConfigureAwait(false);
            if (seen == null)
            {
                events.Error(new AmiOperationException(ErrorIds.AmiNotFound, AmiErrorCategory.ObjectNotFound, pair.Source.ImageId,
                    "Not tagging " + pair.Source.ImageId + " in account " + pair.Consumer.AccountId + " (" + pair.Consumer.Region + "): the account cannot see it. " +
                    "Share it first (Grant-AmiLaunchPermission -AccountId " + pair.Consumer.AccountId + "). Nothing was tagged there."));
                return;
            }
            var wanted = TagRules.Copyable(pair.Source.Tags).Where(t => keys.Count == 0 || keys.Contains(t.Key));
            var missing = wanted.Where(t => !seen.Tags.TryGetValue(t.Key, out var value) || value != t.Value).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            changes.Add((pair.Order, new TagSyncChange(pair.Source, pair.Consumer, seen, missing)));
        }, p => p.Source.ImageId, p => "Reading " + p.Source.ImageId + " in " + PlaceFanOut.NameOf(p.Consumer), events, cancellationToken,
            new CallLimiter(CallLimits.PerResourceCalls)).ConfigureAwait(false);
        foreach (var key in keys.Where(k => !owned.Values.Any(o => o.Tags.ContainsKey(k))))
            events.Warning("No image given has a tag '" + key + "'; nothing to copy for it.");
        return changes.OrderBy(c => c.Order).Select(c => c.Change).ToList();
    }

    /// <summary>Writes each approved change (one CreateTags in the consumer account) and outputs the image as that account now sees it.</summary>
    public Task ExecuteAsync(IReadOnlyList<TagSyncChange> approved, EngineEventStream events, CancellationToken cancellationToken) =>
        PlaceFanOut.ForEachAsync(approved, async change =>
        {
            if (!change.AlreadyDone)
            {
                await clients.Ec2(change.Consumer).CreateTagsAsync(new CreateTagsRequest
                {
                    Resources = new List<string> { change.Source.ImageId },
                    Tags = GoldenImageCapture.ToTags(change.Missing.ToDictionary(t => t.Key, t => t.Value)),
                }, cancellationToken).ConfigureAwait(false);
                events.Verbose(change.Source.ImageId + ": " + change.Action + ".");
            }
            var tags = new Dictionary<string, string>(change.Seen.Tags.ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal);
            foreach (var tag in change.Missing) tags[tag.Key] = tag.Value;
            change.Seen.Tags = tags;
            events.Output(change.Seen);
        }, c => c.Source.ImageId, c => "CreateTags in " + PlaceFanOut.NameOf(c.Consumer), events, cancellationToken, new CallLimiter(CallLimits.PerResourceCalls));
}
