namespace AmiCmdlets.Engine
{
    /// <summary>
    /// One change a plan phase worked out, as the cmdlet confirms it: ShouldProcess(Target, Action), unless it is
    /// already done (then it passes unasked and costs no mutating call).
    /// </summary>
    public interface IPlannedChange
    {
        /// <summary>What ShouldProcess names: the resource and where it is (ConfirmationTarget.For).</summary>
        string Target { get; }

        /// <summary>What ShouldProcess shows, read when asked (an earlier approval may change it).</summary>
        string Action { get; }

        bool AlreadyDone { get; }
    }
}
