using System.Text;
using LocalAws.Ec2;
using LocalAws.Kms;
using LocalAws.Model;
using LocalAws.Sts;

namespace LocalAws.Protocol;

/// <summary>
/// The path every API request takes: authenticate (SigV4, as AWS does), pick service and region from
/// the credential scope, count the call, apply injected faults, then run the action under the state lock.
/// </summary>
internal sealed class AwsEndpoint
{
    private readonly EmulatorState _state;
    private readonly CredentialStore _credentials;

    public AwsEndpoint(EmulatorState state, CredentialStore credentials)
    {
        _state = state;
        _credentials = credentials;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        var auth = SigV4Authorization.Parse(context.Request.Headers.Authorization.ToString());
        var service = ServiceOf(auth, context.Request, body);
        AwsResponse response;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var call = Authenticate(context.Request, body, auth, service, requestId);
            response = await RunAsync(call, context.RequestAborted);
        }
        catch (AwsException error)
        {
            response = AwsErrors.Render(service, error, requestId);
        }

        // Lets benchmarks separate emulator time (including injected latency) from client time.
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        context.Response.Headers["Server-Timing"] = FormattableString.Invariant($"localaws;dur={elapsed:0.0}");
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        if (response.ErrorType is not null) context.Response.Headers["x-amzn-ErrorType"] = response.ErrorType;
        await context.Response.WriteAsync(response.Body, Encoding.UTF8, context.RequestAborted);
    }

    private static AwsService ServiceOf(SigV4Authorization? auth, HttpRequest request, byte[] body)
    {
        switch (auth?.Service)
        {
            case "ec2": return AwsService.Ec2;
            case "sts": return AwsService.Sts;
            case "kms": return AwsService.Kms;
        }
        // Unsigned or unknown scope: guess from the request so the error at least has the caller's shape.
        if (request.Headers["X-Amz-Target"].ToString().StartsWith("TrentService.", StringComparison.Ordinal)) return AwsService.Kms;
        return Encoding.UTF8.GetString(body).Contains("Version=2011-06-15", StringComparison.Ordinal) ? AwsService.Sts : AwsService.Ec2;
    }

    private AwsCall Authenticate(HttpRequest request, byte[] body, SigV4Authorization? auth, AwsService service, string requestId)
    {
        if (auth is null) throw AwsErrors.MissingAuthentication(service);
        if (auth.Service is not ("ec2" or "sts" or "kms"))
            throw new AwsException("InvalidAction", $"LocalAws does not serve the '{auth.Service}' service (only ec2, sts, kms).");

        var principal = _credentials.Find(auth.AccessKey) ?? throw AwsErrors.UnknownAccessKey(service);
        if (!SigV4Verifier.Verify(request, body, auth, principal.SecretKey)) throw AwsErrors.BadSignature(service);
        var token = request.Headers["x-amz-security-token"].ToString();
        if ((principal.SessionToken ?? "") != token) throw AwsErrors.UnknownAccessKey(service);
        if (principal.Expiration is { } expires && expires <= _state.Now) throw AwsErrors.ExpiredToken(service);
        if (Regions.IsOptIn(auth.Region)) throw AwsErrors.RegionNotEnabled(service);
        if (!Regions.IsKnown(auth.Region)) throw AwsErrors.InvalidRegion(service, auth.Region);

        QueryRequest? query = null;
        string? action;
        if (service == AwsService.Kms)
        {
            var target = request.Headers["X-Amz-Target"].ToString();
            action = target.StartsWith("TrentService.", StringComparison.Ordinal) ? target["TrentService.".Length..] : null;
        }
        else
        {
            query = QueryRequest.Parse(request.QueryString.Value ?? "", body, request.ContentType);
            action = query.Action;
        }
        if (string.IsNullOrEmpty(action)) throw AwsErrors.UnknownAction(service, action);

        return new AwsCall
        {
            Service = service, Action = action, Principal = principal, Region = auth.Region, RequestId = requestId,
            State = _state, Credentials = _credentials, Query = query, Body = body,
        };
    }

    private async Task<AwsResponse> RunAsync(AwsCall call, CancellationToken cancellationToken)
    {
        int latency;
        Task? hold;
        AwsException? fault = null;
        lock (_state.Lock)
        {
            _state.Calls.Record(call.Account, call.Region, call.Action, call.Principal.RoleArn);
            hold = _state.Faults.HoldFor(call.Action, call.Account);
            latency = _state.Faults.LatencyFor(call.Action, call.Account);
            if (_state.Faults.IsUnavailable(call.Account, call.Region)) fault = AwsErrors.Unavailable();
            else if (_state.Faults.DenyFor(call.Account, call.Region) is { } deny) fault = AwsErrors.Denied(call.Service, deny.Kind, call.Principal.Arn, call.Action);
            else if (_state.Faults.ShouldThrottle(call.Account, call.Region, call.Action)) fault = AwsErrors.Throttled(call.Service);
        }
        if (hold is not null) await hold.WaitAsync(cancellationToken);
        if (latency > 0) await Task.Delay(latency, cancellationToken);
        if (fault is not null) throw fault;

        lock (_state.Lock)
        {
            return call.Service switch
            {
                AwsService.Ec2 => Ec2Api.Handle(call),
                AwsService.Sts => StsApi.Handle(call),
                _ => KmsApi.Handle(call),
            };
        }
    }
}
