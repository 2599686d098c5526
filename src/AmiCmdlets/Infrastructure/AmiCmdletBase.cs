using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// What every AWS-calling cmdlet shares: the connection parameters (Region is declared by each cmdlet,
/// since some take one and some many), their resolution with -Debug notes, Ctrl+C, and the drain that
/// writes engine events on the pipeline thread.
/// </summary>
public abstract class AmiCmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly Dictionary<string, int> _progressIds = new Dictionary<string, int>(StringComparer.Ordinal);
    private static int _nextProgressId = 1000;
    // One connection per place this command used, for Explain.
    private readonly Dictionary<string, ResolvedConnection> _connections = new Dictionary<string, ResolvedConnection>(StringComparer.Ordinal);
    // Each place reached in this command (null: its account could not be reached, already reported).
    private readonly Dictionary<string, ResolvedConnection?> _reached = new Dictionary<string, ResolvedConnection?>(StringComparer.Ordinal);
    // Reaches identities for this command, remembering those that failed (one error per account, not per piped object).
    private AccountReach? _reach;
    // The wait in progress, if any, so Ctrl+C can say which images are still building.
    private volatile WaitReport? _activeWait;

    // About one page of DescribeImages: a streaming operation runs at most this far ahead of the pipeline.
    private const int OutputsAheadOfPipeline = 1000;

    /// <summary>
    /// Named profiles from the shared AWS config/credentials files; several make a fleet (each profile an identity).
    /// Binds from a piped object's ProfileName, so it acts through the profile that read it.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ProfileName, AllowNull = true)]
    public string[]? ProfileName { get; set; }

    /// <summary>An access key: user name = access key id, password = secret access key.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Send EC2, KMS and STS calls here instead of AWS (LocalAws, a VPC endpoint).</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.EndpointUrl)]
    [ValidatePattern(ResourceIds.EndpointUrlPattern)]
    public string? EndpointUrl { get; set; }

    /// <summary>
    /// Roles to assume with STS on top of the resolved credentials; several make a fleet (each role's account an
    /// identity). Binds from a piped object's RoleArn, so it acts in the account that read it.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.RoleArn, AllowNull = true)]
    public string[]? RoleArn { get; set; }

    /// <summary>With -RoleAccountId: the role of this name in each of those accounts (the ARN follows each region's partition).</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.RoleName)]
    [ValidatePattern(ResourceIds.RoleNamePattern)]
    public string? RoleName { get; set; }

    /// <summary>
    /// With -RoleName: the accounts to act in, each through its role of that name. Not -AccountId, which on
    /// Grant-AmiLaunchPermission names who is given access; this names where the command acts.
    /// </summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.AccountId)]
    [ValidatePattern(ResourceIds.AccountIdPattern)]
    public string[]? RoleAccountId { get; set; }

    /// <summary>The external id the roles' trust policies ask for (the same for every role).</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.ExternalId)]
    [ValidatePattern(ResourceIds.ExternalIdPattern)]
    public string? ExternalId { get; set; }

    protected CancellationToken CancellationToken => _stopping.Token;

    protected static AwsClientFactory Clients => AwsClientFactory.Shared;

    /// <summary>The settings given on this command line (not yet merged with the context).</summary>
    protected ConnectionSettings ExplicitSettings(IReadOnlyList<string>? regions) => new ConnectionSettings
    {
        Regions = regions ?? Array.Empty<string>(),
        ProfileNames = Given(ProfileName),
        Credential = Credential == null ? null : new AccessKeyCredential(Credential.UserName, Credential.GetNetworkCredential().Password),
        EndpointUrl = EndpointUrl,
        RoleArns = Given(RoleArn),
        RoleName = RoleName,
        RoleAccountIds = RoleAccountId ?? Array.Empty<string>(),
        ExternalId = ExternalId,
    };

    private static IReadOnlyList<string> Given(string[]? values) =>
        values == null ? Array.Empty<string>() : values.Where(v => v != null).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>-ExternalId without a role, or -RoleName without -RoleAccountId (or the other way), stops the command before any call.</summary>
    protected void RequireRoleForExternalId()
    {
        if ((RoleName == null) != (RoleAccountId == null))
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.RoleNameWithoutAccount,
                "-RoleName and -RoleAccountId go together: the role of that name is assumed in each account, e.g. -RoleName AmiAdmin -RoleAccountId 111122223333, 444455556666.",
                (object?)RoleName ?? RoleAccountId));
        }
        if (ExternalId != null && Given(RoleArn).Count == 0 && RoleName == null)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.ExternalIdWithoutRole,
                "-ExternalId goes with the role it unlocks: pass -RoleArn (or -RoleName with -RoleAccountId) too.", ExternalId));
        }
    }

    /// <summary>
    /// The one place a command that acts on given ids (an image, a snapshot, an instance) works in: resolved and
    /// reached. Several accounts or regions are refused before any call (OnePlaceNeeded): an id lives in one of each.
    /// Null when the place's account cannot be reached in a fleet run (reported once).
    /// </summary>
    protected ResolvedConnection? Connect(string? region)
    {
        var places = Resolve(region == null ? null : new[] { region });
        if (places.Count > 1)
        {
            ThrowTerminatingError(ErrorRecords.From(new AmiOperationException(ErrorIds.OnePlaceNeeded, AmiErrorCategory.InvalidArgument, null,
                "This command acts on ids, and an id lives in one account and one region, but " + places.Count + " places are named (" +
                string.Join(", ", places.Take(5).Select(PlaceName)) + (places.Count > 5 ? ", ..." : "") + "). Pipe the objects from Get-Ami or Find-StaleAmi " +
                "(each carries its account, role and region), or name one -Region and one -RoleArn or -ProfileName. Nothing was done.")));
        }
        return Reach(places).FirstOrDefault();
    }

    /// <summary>Every place the command names: each identity (role, profile) in each region, reached, in the order given.</summary>
    protected List<ResolvedConnection> ConnectAll(string[]? regions) => Reach(Resolve(regions));

    /// <summary>The places named, resolved but not reached (no call): for checks and for Get-AmiContext's report.</summary>
    protected IReadOnlyList<ResolvedConnection> Resolve(IReadOnlyList<string>? regions)
    {
        RequireRoleForExternalId();
        IReadOnlyList<ResolvedConnection> places;
        try
        {
            places = Clients.Resolver.ResolveFleet(ExplicitSettings(regions), AmiSessionContext.Current);
        }
        catch (AmiOperationException error)
        {
            ThrowTerminatingError(ErrorRecords.From(error));
            throw; // unreachable: ThrowTerminatingError always throws
        }
        foreach (var place in places)
        {
            WriteDebug("AmiCmdlets: region " + place.Region + " from " + place.RegionSource + "; credentials from " + place.CredentialSource +
                       "; endpoint " + (place.EndpointUrl ?? "AWS") + " from " + place.EndpointSource + (place.RoleArn == null ? "" : "; assuming role " + place.RoleArn));
        }
        // Piped objects that name a role or profile may each name another: every place is one of several of the run.
        var piped = MyInvocation.ExpectingInput && (Given(RoleArn).Count > 0 || Given(ProfileName).Count > 0);
        return piped ? places.Select(p => p.AsFleetMember()).ToList() : places;
    }

    /// <summary>
    /// Reaches each identity once per command (AccountReach: assumes roles, learns accounts) and returns the places
    /// that can be worked in, with their accounts. An unreachable identity of a fleet is one error; alone, it stops the command.
    /// </summary>
    private List<ResolvedConnection> Reach(IReadOnlyList<ResolvedConnection> places)
    {
        var fresh = places.Where(p => !_reached.ContainsKey(p.PlaceKey)).ToList();
        if (fresh.Count > 0)
        {
            IReadOnlyList<ResolvedConnection> reached = Array.Empty<ResolvedConnection>();
            _reach ??= new AccountReach(Clients);
            Run(async (events, token) => reached = await _reach.ReachAsync(fresh, events, token).ConfigureAwait(false));
            foreach (var place in fresh) _reached[place.PlaceKey] = null;
            foreach (var place in reached)
            {
                _reached[place.PlaceKey] = place;
                _connections[place.PlaceKey] = place;
                if (place.AccountId != null) WriteDebug("AmiCmdlets: " + place.Region + " as " + (place.RoleArn ?? place.CredentialSource) + " acts in account " + place.AccountId);
            }
        }
        return places.Select(p => _reached[p.PlaceKey]).Where(p => p != null).Select(p => p!).ToList();
    }

    /// <summary>Account (or profile) and region, for -Debug and refusals, whether or not the run names accounts.</summary>
    private static string PlaceName(ResolvedConnection place) => place.IdentityName + "/" + place.Region;

    /// <summary>
    /// Runs an engine operation on a worker thread and writes its events here, on the pipeline thread, as
    /// they arrive. A fatal engine failure becomes a terminating error; Ctrl+C cancels the operation.
    /// </summary>
    /// <param name="finishAfterStop">
    /// After Ctrl+C, wait (bounded) for the operation to end instead of leaving it running: for operations whose
    /// cleanup (terminating what they launched) must not die with a closing shell. Its warnings still reach the host.
    /// </param>
    /// <param name="failureEndsItem">
    /// The operation is one pipeline item's (one build of several piped images): its failure is a non-terminating
    /// error and the next item goes on; a fatal one (credentials, region) still stops the command.
    /// </param>
    protected void Run(Func<EngineEventStream, CancellationToken, Task> operation, bool finishAfterStop = false, bool failureEndsItem = false)
    {
        using var events = new EngineEventStream(OutputsAheadOfPipeline);
        var work = Task.Run(async () =>
        {
            try { await operation(events, _stopping.Token).ConfigureAwait(false); }
            finally { events.Complete(); }
        });

        try
        {
            foreach (var engineEvent in events.Consume(_stopping.Token)) Write(engineEvent);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the pipeline is being torn down, nothing more may be written.
            if (finishAfterStop) FinishAfterStop(work, events);
            return;
        }
        catch
        {
            // A write threw (-ErrorAction Stop turns an error into an exception): stop the work behind it too.
            _stopping.Cancel();
            throw;
        }

        try
        {
            work.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (AmiOperationException error)
        {
            if (failureEndsItem && !AwsErrorMap.IsFatal(error)) WriteError(ErrorRecords.From(error));
            else ThrowTerminatingError(ErrorRecords.From(Explain(error)));
        }
        catch (Exception unexpected) when (!(unexpected is PipelineStoppedException))
        {
            ThrowTerminatingError(ErrorRecords.From(Explain(AwsErrorMap.Translate(unexpected, null))));
        }
    }

    // Longer than the engine's own bound on cleanup calls (60 s each), shorter than a user's patience.
    private static readonly TimeSpan CleanupGrace = TimeSpan.FromMinutes(3);

    private void FinishAfterStop(Task work, EngineEventStream events)
    {
        try { work.Wait(CleanupGrace); }
        catch (AggregateException) { }
        if (!work.IsCompleted)
        {
            Host?.UI?.WriteWarningLine("AmiCmdlets: cleanup did not finish in " + (int)CleanupGrace.TotalMinutes + " min; what it had not removed yet is tagged and found on the next run.");
            return;
        }
        var verbose = MyInvocation.BoundParameters.ContainsKey("Verbose");
        foreach (var engineEvent in events.Consume(CancellationToken.None))
        {
            if (engineEvent is WarningEvent warning) Host?.UI?.WriteWarningLine(warning.Message);
            else if (engineEvent is ErrorEvent error) Host?.UI?.WriteWarningLine(error.Error.Message);
            else if (engineEvent is VerboseEvent line && verbose) Host?.UI?.WriteVerboseLine(line.Message);
        }
    }

    /// <summary>
    /// Runs one engine step for one pipeline item on the pipeline thread. A failure of that item is written
    /// as a non-terminating error and returns false; a fatal one (credentials, region) stops the command.
    /// </summary>
    protected bool TryRun<T>(Func<EngineEventStream, CancellationToken, Task<T>> operation, out T result)
    {
        result = default!;
        using var events = new EngineEventStream();
        try
        {
            result = operation(events, _stopping.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception exception) when (!(exception is PipelineStoppedException) && !(exception is PipelineClosedException))
        {
            var error = AwsErrorMap.Translate(exception, null);
            if (AwsErrorMap.IsFatal(error)) ThrowTerminatingError(ErrorRecords.From(Explain(error)));
            WriteError(ErrorRecords.From(error));
            return false;
        }
        finally
        {
            // Short steps run right here; what they reported is written once they are done.
            events.Complete();
            foreach (var engineEvent in events.Consume(CancellationToken.None)) Write(engineEvent);
        }
    }

    /// <summary>
    /// A failure that bad keys and a bad region share (AuthFailure, no such endpoint) is checked once
    /// against the regions this command used: UnknownRegion or RegionNotEnabled when a region is the cause.
    /// </summary>
    protected AmiOperationException Explain(AmiOperationException error)
    {
        if (!RegionAccessDiagnosis.MayBeRegion(error) || _connections.Count == 0) return error;
        try
        {
            return new RegionAccessDiagnosis(Clients).ExplainAsync(error, _connections.Values.ToList(), CancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return error;
        }
    }

    /// <summary>
    /// Between plan and execute: one ShouldProcess per change not already done, each asked after the one before
    /// was answered and <paramref name="approve"/> told, so an answer can change the next question.
    /// </summary>
    protected List<T> Confirm<T>(IEnumerable<T> plan, Action<T>? approve = null) where T : IPlannedChange
    {
        var approved = new List<T>();
        foreach (var change in plan)
        {
            if (!change.AlreadyDone && !ShouldProcess(change.Target, change.Action)) continue;
            approve?.Invoke(change);
            approved.Add(change);
        }
        return approved;
    }

    /// <summary>
    /// -WhatIf (or $WhatIfPreference) is in effect: ShouldProcess answers no, and a step before it that would make
    /// something (an image usage report) must not run either.
    /// </summary>
    protected bool WhatIfInEffect => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? LanguagePrimitives.IsTrue(whatIf)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Turns a synchronous validation failure into a terminating error before any call.</summary>
    protected void Validate(Action check)
    {
        try { check(); }
        catch (AmiOperationException error) { ThrowTerminatingError(ErrorRecords.From(error)); }
    }

    private void Write(EngineEvent engineEvent)
    {
        switch (engineEvent)
        {
            case OutputEvent output: WriteObject(output.Item); break;
            case ErrorEvent error: WriteError(ErrorRecords.From(error.Error)); break;
            case WarningEvent warning: WriteWarning(warning.Message); break;
            case VerboseEvent verbose: WriteVerbose(verbose.Message); break;
            case DebugEvent debug: WriteDebug(debug.Message); break;
            // Shown by default like Write-Host, yet still in the information stream (6>) for scripts to capture.
            case InformationEvent information:
                WriteInformation(new HostInformationMessage { Message = information.Message }, new[] { "AmiCmdlets", "PSHOST" });
                break;
            case ProgressEvent progress: WriteProgressLine(progress); break;
            case WaitStartedEvent started: _activeWait = started.Report; break;
        }
    }

    private void WriteProgressLine(ProgressEvent progress)
    {
        if (!_progressIds.TryGetValue(progress.Key, out var id))
        {
            if (progress.Completed) return;
            id = Interlocked.Increment(ref _nextProgressId);
            _progressIds[progress.Key] = id;
        }
        var record = new ProgressRecord(id, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
        if (progress.Completed) _progressIds.Remove(progress.Key);
    }

    protected override void StopProcessing()
    {
        _stopping.Cancel();
        var wait = _activeWait;
        var left = wait?.StillWaiting;
        if (left is { Count: > 0 })
        {
            // The pipeline is stopping and takes no more records; the host still shows a warning.
            Host?.UI?.WriteWarningLine(WaitReport.StoppedWarning(left, ResumeConnectionArguments(), wait?.DesiredState));
        }
    }

    /// <summary>
    /// The connection parameters given on this command line, as Wait-Ami must be given them to resume in the same
    /// place (-Credential cannot be written out; Set-AmiContext settings apply to the resumed command by themselves).
    /// </summary>
    private string ResumeConnectionArguments()
    {
        var arguments = new List<string>();
        // One identity only: a command over several is resumed per piped object (Get-Ami ... | Wait-Ami).
        if (Given(ProfileName).Count == 1) arguments.Add("-ProfileName " + WaitReport.Quote(Given(ProfileName)[0]));
        if (EndpointUrl != null) arguments.Add("-EndpointUrl " + WaitReport.Quote(EndpointUrl));
        if (Given(RoleArn).Count == 1) arguments.Add("-RoleArn " + WaitReport.Quote(Given(RoleArn)[0]));
        if (ExternalId != null) arguments.Add("-ExternalId " + WaitReport.Quote(ExternalId));
        return string.Join(" ", arguments);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
