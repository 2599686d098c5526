using System.Security.Cryptography;
using System.Text;

namespace LocalAws.Model;

/// <summary>
/// AWS-shaped ids ("ami-" + 17 hex digits). A fixed seed makes a test run reproducible after every
/// reset, while ids still scatter over the sort order the way real ones do (so paging sees new
/// images land between old ones).
/// </summary>
internal sealed class IdGenerator
{
    private const int Seed = 20261126;
    private Random _random = new(Seed);

    public void Reset() => _random = new Random(Seed);

    public string Next(string prefix)
    {
        Span<byte> bytes = stackalloc byte[9];
        _random.NextBytes(bytes);
        return prefix + "-" + Convert.ToHexStringLower(bytes)[..17];
    }

    /// <summary>Stable ids for the base AMIs, so the same name has the same id in a region on every start.</summary>
    public static string Stable(string prefix, string key) =>
        prefix + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prefix + ":" + key)))[..17];
}
