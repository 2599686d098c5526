namespace LocalAws;

/// <summary>One account and its long-term keys, as GET and POST /_localaws/accounts answer.</summary>
public sealed record LocalAwsAccount(string AccountId, string AccessKeyId, string SecretAccessKey);
