using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Governance;

/// <summary>Set-AmiAllowedSetting in one place: from the current settings to the state and criteria asked for.</summary>
public sealed class AllowedImagesChange : IPlannedChange
{
    internal AllowedImagesChange(ResolvedConnection place, AmiAllowedSetting current, string state, IReadOnlyList<AmiImageCriterion>? criteria)
    {
        Place = place;
        Current = current;
        State = state;
        Criteria = criteria;
    }

    public ResolvedConnection Place { get; }
    public AmiAllowedSetting Current { get; }
    public string State { get; }

    /// <summary>The criteria to set; null keeps the current ones.</summary>
    public IReadOnlyList<AmiImageCriterion>? Criteria { get; }

    /// <summary>What the new settings would stop (instances, launch templates), when -Force let the change go ahead.</summary>
    public IReadOnlyList<string> Blocked { get; internal set; } = new string[0];

    public bool ReplacesCriteria => Criteria != null &&
        (Criteria.Count != Current.Criteria.Count || Criteria.Where((c, i) => !c.SameAs(Current.Criteria[i])).Any());

    public bool ChangesState => State != Current.State;

    public IReadOnlyList<AmiImageCriterion> CriteriaAfter => Criteria ?? Current.Criteria;

    public string Target => "Allowed AMIs in " + PlaceFanOut.NameOf(Place);

    public string Action =>
        (ChangesState ? "Set to " + State + " (now " + Current.State + ")" : "Keep " + State) +
        (ReplacesCriteria ? "; criteria: " + Describe(CriteriaAfter) + " (now " + Describe(Current.Criteria) + ")" : "") +
        (Blocked.Count > 0 ? "; -Force: " + Blocked.Count + " in use would no longer be allowed" : "");

    public bool AlreadyDone => !ChangesState && !ReplacesCriteria;

    internal static string Describe(IReadOnlyList<AmiImageCriterion> criteria) =>
        criteria.Count == 0 ? "none (only your own images)" : string.Join(" or ", criteria.Select(c => "(" + c + ")"));
}
