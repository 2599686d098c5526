using System.Text.Json;

namespace LocalAws.Protocol;

/// <summary>Each service's own error body and the codes it uses for the failures every service shares.</summary>
internal static class AwsErrors
{
    public const string Ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static AwsResponse Render(AwsService service, AwsException error, string requestId)
    {
        switch (service)
        {
            case AwsService.Sts:
                var sts = new XmlOut().Open("ErrorResponse", StsNamespace)
                    .Open("Error").Elem("Type", error.Status >= 500 ? "Receiver" : "Sender").Elem("Code", error.Code).Elem("Message", error.Message).Close()
                    .Elem("RequestId", requestId);
                return new AwsResponse(error.Status, "text/xml", sts.ToString());
            case AwsService.Kms:
                var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = error.Code, ["message"] = error.Message });
                return new AwsResponse(error.Status, "application/x-amz-json-1.1", json) { ErrorType = error.Code };
            default:
                var ec2 = new XmlOut().Open("Response")
                    .Open("Errors").Open("Error").Elem("Code", error.Code).Elem("Message", error.Message).Close().Close()
                    .Elem("RequestID", requestId);
                return new AwsResponse(error.Status, "text/xml;charset=UTF-8", ec2.ToString());
        }
    }

    public static AwsException UnknownAccessKey(AwsService service) => service switch
    {
        AwsService.Sts => new AwsException("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        AwsService.Kms => new AwsException("UnrecognizedClientException", "The security token included in the request is invalid."),
        _ => new AwsException("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
    };

    public static AwsException BadSignature(AwsService service) => service switch
    {
        AwsService.Sts => new AwsException("SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 403),
        AwsService.Kms => new AwsException("InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
        _ => new AwsException("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
    };

    public static AwsException MissingAuthentication(AwsService service) => service switch
    {
        AwsService.Sts => new AwsException("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        AwsService.Kms => new AwsException("MissingAuthenticationTokenException", "Missing Authentication Token"),
        _ => new AwsException("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
    };

    // A call signed with an expired session: EC2 answers RequestExpired 400 "Request has expired." (seen in SDK
    // issues, e.g. aws-sdk-java #1443), Query services ExpiredToken 403 (AWS re:Post "ec2-expired-token": "Status
    // Code: 403; Error Code: ExpiredToken"; AWS common errors: ExpiredTokenException 403). KMS's 400 is a guess.
    public static AwsException ExpiredToken(AwsService service) => service switch
    {
        AwsService.Sts => new AwsException("ExpiredToken", "The security token included in the request is expired", 403),
        AwsService.Kms => new AwsException("ExpiredTokenException", "The security token included in the request is expired"),
        _ => new AwsException("RequestExpired", "Request has expired.", 400),
    };

    // AWS rejects a scope naming a region that does not exist with a signature-class error, not a
    // "no such region" code: the region is part of what was signed.
    public static AwsException InvalidRegion(AwsService service, string region)
    {
        var message = $"Credential should be scoped to a valid region, not '{region}'. ";
        return service switch
        {
            AwsService.Sts => new AwsException("SignatureDoesNotMatch", message, 403),
            AwsService.Kms => new AwsException("InvalidSignatureException", message),
            _ => new AwsException("AuthFailure", message, 401),
        };
    }

    // A region the account has not enabled: AWS answers as it answers an unknown key (re:Post "AuthFailure ...
    // AWS was not able to validate the provided access credentials"; STS/KMS "The security token included in
    // the request is invalid"), never with a region-specific code.
    public static AwsException RegionNotEnabled(AwsService service) => service switch
    {
        AwsService.Sts => new AwsException("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        AwsService.Kms => new AwsException("UnrecognizedClientException", "The security token included in the request is invalid."),
        _ => new AwsException("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
    };

    public static AwsException Throttled(AwsService service) => service switch
    {
        AwsService.Sts => new AwsException("Throttling", "Rate exceeded", 400),
        AwsService.Kms => new AwsException("ThrottlingException", "Rate exceeded"),
        _ => new AwsException("RequestLimitExceeded", "Request limit exceeded.", 503),
    };

    /// <summary>
    /// The "deny" fault: authFailure answers as an unknown key does; accessDenied as a deny-all service control
    /// policy does (wording modelled on AWS's "User: ... is not authorized to perform: ..." messages; a guess for EC2).
    /// </summary>
    public static AwsException Denied(AwsService service, string kind, string callerArn, string action)
    {
        if (kind != DenyKinds.AccessDenied) return UnknownAccessKey(service);
        return service switch
        {
            AwsService.Sts => new AwsException("AccessDenied", $"User: {callerArn} is not authorized to perform: sts:{action} with an explicit deny in a service control policy", 403),
            AwsService.Kms => new AwsException("AccessDeniedException", $"User: {callerArn} is not authorized to perform: kms:{action} with an explicit deny in a service control policy"),
            _ => new AwsException("UnauthorizedOperation", $"You are not authorized to perform this operation. User: {callerArn} is not authorized to perform: ec2:{action} with an explicit deny in a service control policy.", 403),
        };
    }

    public static AwsException Unavailable() =>
        new("Unavailable", "The server is overloaded and can't handle the request.", 503);

    public static AwsException UnknownAction(AwsService service, string? action) => service switch
    {
        AwsService.Kms => new AwsException("UnknownOperationException", $"Operation {action} is not supported by LocalAws."),
        AwsService.Sts => new AwsException("InvalidAction", $"Could not find operation {action} for version 2011-06-15"),
        _ => new AwsException("InvalidAction", $"The action {action} is not valid for this web service."),
    };
}

internal sealed record AwsResponse(int Status, string ContentType, string Body)
{
    /// <summary>JSON services also name the error in a header; the SDK reads it before the body.</summary>
    public string? ErrorType { get; init; }
}
