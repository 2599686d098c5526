using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// Windows with the FIPS policy on: on .NET Framework (Windows PowerShell 5.1) SHA256.Create() returns SHA256Managed,
/// which throws there. No test here runs .NET Framework, so the rule is checked in the metadata of what ships, and the
/// values are pinned so a change of implementation cannot change a ClientToken of a copy already started.
/// </summary>
public sealed class FipsSafeHashingTests
{
    // Computed independently with `printf '%s' <text> | sha256sum` (UTF-8), not with the code under test.
    [Fact]
    public void CopyClientTokensOfExistingCopiesStayTheSame()
    {
        Assert.Equal("ami-copy-3b8e9804d2dc7bdcf9f8cf59c4ac0fa6f0306597c926761203d6af7",
            CopyClientToken.For("111122223333", "us-east-1", "ami-0123456789abcdef0", "eu-west-1", "web-2026-01-01",
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", encrypted: true, replacesFailedCopy: null));
        Assert.Equal("ami-copy-802dd9d244fa919c7b4a4ac5526d2acaa39e884ab269da284b8bfc4",
            CopyClientToken.For("111122223333", "us-east-1", "ami-0123456789abcdef0", "eu-west-1", "web-2026-01-01",
                kmsKeyArn: null, encrypted: false, replacesFailedCopy: "ami-0fedcba9876543210"));
    }

    [Fact]
    public void SecretFingerprintsStayTheSame()
    {
        Assert.Equal("78314B11BE2E5815", SecretFingerprint.Of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        Assert.Equal("6BF84B51AA5B2B82", SecretFingerprint.Of("pässwörd✓"));
    }

    // The class of bug, not the two cases: no shipped assembly may call a hash factory that hands out a managed
    // (non-FIPS-validated) implementation on .NET Framework. IncrementalHash uses the CSP/CNG implementations there.
    [Theory]
    [InlineData(typeof(CopyClientToken))]
    [InlineData(typeof(AmiCmdlets.Ami))]
    public void ShippedAssembliesNeverCallAFipsUnsafeHashFactory(Type typeInAssembly)
    {
        var unsafeCalls = FipsUnsafeMemberReferences(typeInAssembly.Assembly);
        Assert.True(unsafeCalls.Count == 0, typeInAssembly.Assembly.GetName().Name + " calls " + string.Join(", ", unsafeCalls));
    }

    private static readonly HashSet<string> UnsafeTypes = new(StringComparer.Ordinal)
    {
        "SHA1Managed", "SHA256Managed", "SHA384Managed", "SHA512Managed", "RIPEMD160Managed", "MD5",
        "HMACSHA256", "HMACSHA384", "HMACSHA512", "HMACMD5", "HMACRIPEMD160",
    };

    private static readonly HashSet<string> FactoryTypes = new(StringComparer.Ordinal)
    {
        "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "HashAlgorithm", "KeyedHashAlgorithm", "HMAC",
    };

    private static List<string> FipsUnsafeMemberReferences(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference) continue;
            var type = md.GetTypeReference((TypeReferenceHandle)member.Parent);
            if (md.GetString(type.Namespace) != "System.Security.Cryptography") continue;
            var typeName = md.GetString(type.Name);
            var memberName = md.GetString(member.Name);
            var isFactory = memberName == "Create" && FactoryTypes.Contains(typeName);
            var isUnsafeConstructor = memberName == ".ctor" && UnsafeTypes.Contains(typeName);
            if (isFactory || isUnsafeConstructor) found.Add(typeName + "." + memberName);
        }
        return found;
    }
}
