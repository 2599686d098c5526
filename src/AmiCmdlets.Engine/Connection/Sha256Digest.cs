using System.Security.Cryptography;
using System.Text;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The one SHA-256 of the engine. Not SHA256.Create(): on .NET Framework (Windows PowerShell 5.1) that returns
/// SHA256Managed, which throws on Windows with the FIPS policy on (up to .NET Framework 4.7.2, and later wherever
/// the legacy FIPS switch is set). IncrementalHash uses SHA256CryptoServiceProvider there and the OS library on
/// .NET, both FIPS-validated; the digest is the same, so tokens made before this change stay the same.
/// </summary>
internal static class Sha256Digest
{
    public static byte[] OfUtf8(string text)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        return hash.GetHashAndReset();
    }
}
