namespace AmiCmdlets.Contracts.Engine;

/// <summary>One change a plan worked out: confirmed as ShouldProcess(Target, Action) unless already done.</summary>
public interface IPlannedChange
{
    string Target { get; }

    /// <summary>Read when asked: an earlier approval may change it.</summary>
    string Action { get; }

    bool AlreadyDone { get; }
}
