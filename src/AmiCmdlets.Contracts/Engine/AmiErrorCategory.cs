namespace AmiCmdlets.Contracts.Engine;

/// <summary>
/// The engine cannot reference System.Management.Automation, so it names error categories with this
/// enum; every member has the same name as its ErrorCategory counterpart, and the cmdlet layer maps by name.
/// </summary>
public enum AmiErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidResult,
    InvalidOperation,
    ObjectNotFound,
    ResourceExists,
    ResourceBusy,
    ResourceUnavailable,
    PermissionDenied,
    SecurityError,
    AuthenticationError,
    LimitsExceeded,
    QuotaExceeded,
    ConnectionError,
    OperationTimeout,
    OperationStopped,
    NotEnabled,
    DeviceError,
}
