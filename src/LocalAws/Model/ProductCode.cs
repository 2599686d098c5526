namespace LocalAws.Model;

/// <summary>An image's product code: Marketplace images carry one ("marketplace"), and their captures inherit it.</summary>
internal sealed record ProductCode(string Code, string Type = "marketplace");
