using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Tagging;

/// <summary>Sync-AmiTag for one shared image in one consumer account: the owner's tags that account does not yet see.</summary>
public sealed class TagSyncChange : IPlannedChange
{
    internal TagSyncChange(Ami source, ResolvedConnection consumer, Ami seen, IReadOnlyDictionary<string, string> missing)
    {
        Source = source;
        Consumer = consumer;
        Seen = seen;
        Missing = missing;
    }

    public Ami Source { get; }
    public ResolvedConnection Consumer { get; }

    /// <summary>The image as the consumer account sees it (its own tags), before the change.</summary>
    public Ami Seen { get; }

    /// <summary>Tags to write in the consumer account: absent there, or with another value.</summary>
    public IReadOnlyDictionary<string, string> Missing { get; }

    public string Target => ConfirmationTarget.For(Source.ImageId, Source.Name, Consumer);

    public string Action => "Tag in account " + (Consumer.AccountId ?? PlaceFanOut.NameOf(Consumer)) + ": " +
        string.Join(", ", Missing.OrderBy(t => t.Key, System.StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));

    public bool AlreadyDone => Missing.Count == 0;
}
