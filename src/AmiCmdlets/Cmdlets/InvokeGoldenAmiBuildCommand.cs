using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Building;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Builds a golden image from a base image: launches a tagged build instance, lets its user data provision it and
/// stop it, captures it as New-GoldenAmi does and terminates it; -Cleanup lists and terminates leftover build
/// instances. Not Build-GoldenAmi: "Build" is approved only since PowerShell 6, and this module also loads in Windows
/// PowerShell 5.1, where every import would warn about an unapproved verb. Invoke (run an operation) + GoldenAmiBuild
/// (the build, Packer's word) is approved in both and stays beside New-GoldenAmi, which captures an existing instance.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GoldenAmiBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(Ami), ParameterSetName = new[] { IdSet, ImageSet })]
[OutputType(typeof(AmiBuildInstance), ParameterSetName = new[] { CleanupSet })]
public sealed class InvokeGoldenAmiBuildCommand : AmiCmdletBase
{
    private const string IdSet = "SourceImageId";
    private const string ImageSet = "SourceImage";
    private const string CleanupSet = "Cleanup";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = IdSet)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string SourceImageId { get; set; } = "";

    /// <summary>A piped image (Find-BaseAmi, Get-Ami): built from in its own region and account.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ImageSet)]
    [ValidateNotNull]
    public Ami? SourceImage { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = CleanupSet)]
    public SwitchParameter Cleanup { get; set; }

    /// <summary>The AMI name or a template with {date}, {timestamp}, {instance}, {name}.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = IdSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>A script file or the script itself; its last step shuts the instance down.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [Parameter(Mandatory = true, ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string UserData { get; set; } = "";

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string InstanceType { get; set; } = "t3.micro";

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string? SubnetId { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string[]? SecurityGroupId { get; set; }

    /// <summary>An instance profile name or ARN (the script's permissions, e.g. to read from S3).</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string? IamInstanceProfile { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateRange(1, 16384)]
    public int? RootVolumeSize { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateSet("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard")]
    public string? RootVolumeType { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    public SwitchParameter Encrypted { get; set; }

    /// <summary>Encrypts the root volume (and so the image's snapshot) with this key (id, ARN or alias/...).</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string? KmsKeyId { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateLength(0, 255)]
    public string? Description { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateTagTable]
    public Hashtable? Tag { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateTagTable]
    public Hashtable? SnapshotTag { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    public DateTime? DeprecateAt { get; set; }

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    public SwitchParameter EnableDeregistrationProtection { get; set; }

    /// <summary>A console line matching this regular expression (case-insensitive) means the script failed.</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string FailurePattern { get; set; } = BuildRules.DefaultFailurePattern;

    /// <summary>How long provisioning (and then the capture) may take.</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 3600;

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ImageSet)]
    public SwitchParameter KeepOnFailure { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    private DateTime? _deprecateAtUtc;
    private string? _script;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Cleanup) return;
        // Everything that can be checked without AWS is checked before the first call.
        _script = ReadUserData();
        Validate(() => BuildRules.Validate(Request("ami-00000000")));
        if (DeprecateAt is DateTime deprecateAt) Validate(() => _deprecateAtUtc = DeprecationSchedule.Normalize(deprecateAt, DateTime.UtcNow, isPublic: false, target: Name));
        if (!BuildRules.HasShutdownStep(_script))
        {
            WriteWarning("The user data has no shutdown step (shutdown, poweroff, halt, Stop-Computer): the build instance stops only when its script " +
                         "stops it, so this build would wait until -TimeoutSec " + TimeoutSec + " and fail.");
        }
    }

    protected override void ProcessRecord()
    {
        if (Cleanup)
        {
            CleanUpLeftovers();
            return;
        }
        var sourceImageId = SourceImage?.ImageId ?? SourceImageId;
        if (!(Connect(Region ?? SourceImage?.Region) is { } connection)) return;
        var build = new GoldenImageBuild(Clients);
        var request = Request(sourceImageId);
        if (!TryRun((events, token) => build.PlanAsync(connection, request, token), out var plan)) return;
        if (!ShouldProcess(ConfirmationTarget.For(sourceImageId, plan.Source.Name, connection), plan.Summary)) return;
        var policy = AmiSessionContext.WaitPolicy(TimeoutSec);
        // After Ctrl+C the build still terminates its instance before the command returns. A failed build is this
        // image's error: the next piped image (another region's base) is still built.
        Run((events, token) => build.RunAsync(connection, plan, policy, events, token), finishAfterStop: true, failureEndsItem: true);
    }

    /// <summary>-Cleanup: every live build instance in the places named, each terminated after ShouldProcess.</summary>
    private void CleanUpLeftovers()
    {
        var instances = new BuildInstances(Clients);
        foreach (var connection in ConnectAll(Region == null ? null : new[] { Region }))
        {
            if (!TryRun((events, token) => instances.FindAsync(connection, null, token), out var found)) continue;
            foreach (var leftover in found)
            {
                if (ShouldProcess(ConfirmationTarget.For(leftover.InstanceId, leftover.BuildId, connection),
                        "Terminate build instance (" + leftover.State + ", build " + leftover.BuildId + ", launched " + leftover.LaunchTime?.ToString("u") + ")"))
                {
                    if (!TryRun(async (events, token) => { await instances.TerminateAsync(connection, leftover.InstanceId, "-Cleanup", events).ConfigureAwait(false); return true; }, out _)) continue;
                    leftover.State = "terminated";
                }
                WriteObject(leftover);
            }
        }
    }

    private BuildRequest Request(string sourceImageId) => new BuildRequest
    {
        SourceImageId = sourceImageId,
        InstanceType = InstanceType,
        SubnetId = SubnetId,
        SecurityGroupIds = SecurityGroupId ?? Array.Empty<string>(),
        IamInstanceProfile = IamInstanceProfile,
        RootVolumeSizeGiB = RootVolumeSize,
        RootVolumeType = RootVolumeType,
        Encrypted = Encrypted,
        KmsKeyId = KmsKeyId,
        UserData = _script ?? "",
        FailurePattern = FailurePattern,
        KeepOnFailure = KeepOnFailure,
        NameTemplate = Name,
        Description = Description,
        Tags = TagTable.From(Tag),
        SnapshotTags = TagTable.From(SnapshotTag),
        DeprecateAtUtc = _deprecateAtUtc,
        EnableDeregistrationProtection = EnableDeregistrationProtection,
    };

    /// <summary>-UserData names a file (read as UTF-8) or is the script itself; a one-liner that is neither is refused, not launched.</summary>
    private string ReadUserData()
    {
        var text = UserData;
        var looksLikeScript = text.IndexOf('\n') >= 0 || text.StartsWith("#!", StringComparison.Ordinal) || text.StartsWith("#cloud-config", StringComparison.Ordinal)
            || text.TrimStart().StartsWith("<powershell>", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith("<script>", StringComparison.OrdinalIgnoreCase);
        if (!looksLikeScript)
        {
            string? path = null;
            try { path = GetUnresolvedProviderPathFromPSPath(text); }
            catch (Exception error) when (error is ItemNotFoundException || error is ProviderNotFoundException || error is System.Management.Automation.DriveNotFoundException || error is ArgumentException || error is NotSupportedException || error is PSInvalidOperationException) { }
            if (path != null && File.Exists(path)) return File.ReadAllText(path);
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.UserDataNotFound,
                "-UserData '" + text + "' is neither an existing file nor a script. Pass a script file's path, or the script itself: it starts with #! (shell), " +
                "<powershell> (Windows) or #cloud-config, or spans several lines.", text));
        }
        return text;
    }
}
