using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
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
    // One connection per region this command used, for Explain.
    private readonly Dictionary<string, ResolvedConnection> _connections = new Dictionary<string, ResolvedConnection>(StringComparer.Ordinal);
    // The wait in progress, if any, so Ctrl+C can say which images are still building.
    private volatile WaitReport? _activeWait;

    // About one page of DescribeImages: a streaming operation runs at most this far ahead of the pipeline.
    private const int OutputsAheadOfPipeline = 1000;

    /// <summary>A named profile from the shared AWS config/credentials files.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>An access key: user name = access key id, password = secret access key.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Send EC2, KMS and STS calls here instead of AWS (LocalAws, a VPC endpoint).</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.EndpointUrl)]
    [ValidatePattern(ResourceIds.EndpointUrlPattern)]
    public string? EndpointUrl { get; set; }

    /// <summary>Assume this role with STS on top of the resolved credentials.</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.RoleArn)]
    [ValidatePattern(ResourceIds.RoleArnPattern)]
    public string? RoleArn { get; set; }

    /// <summary>The external id the role's trust policy asks for.</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.ExternalId)]
    [ValidatePattern(ResourceIds.ExternalIdPattern)]
    public string? ExternalId { get; set; }

    protected CancellationToken CancellationToken => _stopping.Token;

    protected static AwsClientFactory Clients => AwsClientFactory.Shared;

    /// <summary>The settings given on this command line (not yet merged with the context).</summary>
    protected ConnectionSettings ExplicitSettings(string? region) => new ConnectionSettings
    {
        Region = region,
        ProfileName = ProfileName,
        Credential = Credential == null ? null : new AccessKeyCredential(Credential.UserName, Credential.GetNetworkCredential().Password),
        EndpointUrl = EndpointUrl,
        RoleArn = RoleArn,
        ExternalId = ExternalId,
    };

    /// <summary>-ExternalId without -RoleArn stops the command before any call.</summary>
    protected void RequireRoleForExternalId()
    {
        if (ExternalId != null && RoleArn == null)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("ExternalIdWithoutRole",
                "-ExternalId goes with the role it unlocks: pass -RoleArn too.", ExternalId));
        }
    }

    /// <summary>Resolves where and as whom to call; a failure here stops the command.</summary>
    protected ResolvedConnection Connect(string? region)
    {
        RequireRoleForExternalId();
        try
        {
            var connection = Clients.Resolver.Resolve(ExplicitSettings(region), AmiSessionContext.Current);
            WriteDebug("AmiCmdlets: region " + connection.Region + " from " + connection.RegionSource +
                       "; credentials from " + connection.CredentialSource +
                       "; endpoint " + (connection.EndpointUrl ?? "AWS") + " from " + connection.EndpointSource +
                       (connection.RoleArn == null ? "" : "; assuming role " + connection.RoleArn));
            _connections[connection.Region] = connection;
            return connection;
        }
        catch (AmiOperationException error)
        {
            ThrowTerminatingError(ErrorRecords.From(error));
            throw; // unreachable: ThrowTerminatingError always throws
        }
    }

    /// <summary>One connection per asked region (duplicates dropped), or the default region's when none is asked.</summary>
    protected List<ResolvedConnection> ConnectAll(string[]? regions) =>
        regions is { Length: > 0 } ? regions.Distinct().Select(r => Connect(r)).ToList() : new List<ResolvedConnection> { Connect(null) };

    /// <summary>
    /// Runs an engine operation on a worker thread and writes its events here, on the pipeline thread, as
    /// they arrive. A fatal engine failure becomes a terminating error; Ctrl+C cancels the operation.
    /// </summary>
    protected void Run(Func<EngineEventStream, CancellationToken, Task> operation)
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
            ThrowTerminatingError(ErrorRecords.From(Explain(error)));
        }
        catch (Exception unexpected) when (!(unexpected is PipelineStoppedException))
        {
            ThrowTerminatingError(ErrorRecords.From(Explain(AwsErrorMap.Translate(unexpected, null))));
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
        if (ProfileName != null) arguments.Add("-ProfileName " + WaitReport.Quote(ProfileName));
        if (EndpointUrl != null) arguments.Add("-EndpointUrl " + WaitReport.Quote(EndpointUrl));
        if (RoleArn != null) arguments.Add("-RoleArn " + WaitReport.Quote(RoleArn));
        if (ExternalId != null) arguments.Add("-ExternalId " + WaitReport.Quote(ExternalId));
        return string.Join(" ", arguments);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
