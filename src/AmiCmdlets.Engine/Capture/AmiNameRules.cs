using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Engine.Capture;

/// <summary>EC2's rule for AMI names: 3-128 characters of letters, digits and ( ) [ ] space . / - ' @ _</summary>
public static class AmiNameRules
{
    // \A...\z: a $ would let a name with a trailing line break through.
    private static readonly Regex Valid = new Regex(@"\A[A-Za-z0-9()\[\] ./\-'@_]{3,128}\z", RegexOptions.CultureInvariant);

    public const string Description = "3 to 128 characters: letters, digits, spaces and ( ) [ ] . / - ' @ _";

    public static bool IsValid(string name) => Valid.IsMatch(name);

    public static void Require(string name, string? target)
    {
        if (!IsValid(name))
        {
            throw new AmiOperationException(ErrorIds.InvalidAmiName, AmiErrorCategory.InvalidArgument, target ?? name,
                InputText.Quote(name) + " is not a valid AMI name. An AMI name has " + Description + ".");
        }
    }
}
