using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace LocalAws.Protocol;

/// <summary>The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.</summary>
internal sealed record SigV4Authorization(
    string AccessKey, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public static SigV4Authorization? Parse(string? header)
    {
        const string Algorithm = "AWS4-HMAC-SHA256";
        if (header is null || !header.StartsWith(Algorithm, StringComparison.Ordinal)) return null;
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[Algorithm.Length..].Split(','))
        {
            var kv = part.Trim();
            var eq = kv.IndexOf('=');
            if (eq < 0) continue;
            var value = kv[(eq + 1)..];
            switch (kv[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || scope[4] != "aws4_request" || signedHeaders is null || signature is null) return null;
        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
    }

    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";
}

/// <summary>
/// Recomputes the SigV4 signature the way AWS does (canonical request, string to sign, derived key) so a
/// wrong secret fails here exactly as it would against AWS, instead of LocalAws trusting any key.
/// </summary>
internal static class SigV4Verifier
{
    public static bool Verify(HttpRequest request, byte[] body, SigV4Authorization auth, string secretKey)
    {
        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length < 8 || !amzDate.StartsWith(auth.Date, StringComparison.Ordinal)) return false;

        var canonical = CanonicalRequest(request, body, auth);
        var stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + auth.Scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), auth.Date);
        key = Hmac(key, auth.Region);
        key = Hmac(key, auth.Service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature));
    }

    private static string CanonicalRequest(HttpRequest request, byte[] body, SigV4Authorization auth)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var q = rawTarget.IndexOf('?');
        var rawPath = q < 0 ? rawTarget : rawTarget[..q];
        var rawQuery = q < 0 ? "" : rawTarget[(q + 1)..];

        var sb = new StringBuilder();
        sb.Append(request.Method).Append('\n');
        sb.Append(CanonicalPath(rawPath)).Append('\n');
        sb.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var name in auth.SignedHeaders)
        {
            sb.Append(name).Append(':').Append(HeaderValue(request, name)).Append('\n');
        }
        sb.Append('\n').Append(string.Join(';', auth.SignedHeaders)).Append('\n');
        // The payload hash is always computed from the body received, so a tampered body fails even when
        // the client sent its own x-amz-content-sha256.
        var declared = request.Headers["x-amz-content-sha256"].ToString();
        sb.Append(declared == "UNSIGNED-PAYLOAD" ? declared : Hex(SHA256.HashData(body)));
        return sb.ToString();
    }

    private static string HeaderValue(HttpRequest request, string name)
    {
        if (name == "host") return request.Host.Value ?? "";
        var values = request.Headers[name];
        return string.Join(',', values.Select(v => CollapseSpaces(v ?? "")));
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal)) return trimmed;
        var sb = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c == ' ' && sb.Length > 0 && sb[^1] == ' ') continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    // Non-S3 services encode each path segment twice: the SDK signs the already-encoded path.
    private static string CanonicalPath(string rawPath)
    {
        if (rawPath.Length == 0) return "/";
        return string.Join('/', rawPath.Split('/').Select(UriEncode));
    }

    private static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0) return "";
        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=');
            var k = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]);
            var v = eq < 0 ? "" : Uri.UnescapeDataString(p[(eq + 1)..]);
            return (Key: UriEncode(k), Value: UriEncode(v));
        });
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    internal static string UriEncode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
