using System;
using System.Management.Automation;

namespace AmiCmdlets.Infrastructure.Loading;

/// <summary>Thrown at Import-Module when the module cannot work in this session; carries a stable ErrorId.</summary>
internal sealed class ModuleLoadException : Exception, IContainsErrorRecord
{
    private readonly string _errorId;

    internal ModuleLoadException(string errorId, string message)
        : base(message)
    {
        _errorId = errorId;
    }

    public ErrorRecord ErrorRecord => new ErrorRecord(this, _errorId, ErrorCategory.ResourceUnavailable, null);
}
