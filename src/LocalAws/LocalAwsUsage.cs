namespace LocalAws;

/// <summary>What 'localaws --help' prints: the same options whether run from the tool, the dll or 'dotnet run'.</summary>
internal static class LocalAwsUsage
{
    public const string Text = """
        LocalAws: a local EC2/KMS/STS emulator on 127.0.0.1 (never any other address).

        Usage: localaws [--port N] [--pending-seconds S] [--deregistered-visible-seconds S] [--accounts N] [--account 123456789012]...

          --port N                          TCP port on 127.0.0.1; 0 (the default) picks a free one.
          --pending-seconds S               How long new images stay 'pending' (default 0).
          --deregistered-visible-seconds S  How long a deregistered image is still listed (default 3600).
          --accounts N                      Generated accounts after the fixed three: 100000000001, 100000000002, ...
          --account ID                      One more account by id (12 digits); repeatable.
          --help                            This text.

        Prints one line 'LocalAws listening on http://127.0.0.1:<port>' when it answers, and runs until
        Ctrl+C, SIGTERM, or (when stdin is a pipe) its stdin closes. API at '/', control plane at '/_localaws/'.
        From PowerShell: Import-Module AmiCmdlets.LocalAws; Start-LocalAws -SetEnvironment.
        """;
}
