namespace AmiCmdlets.Engine.Retirement;

/// <summary>An image that uses a snapshot, as the index saw it.</summary>
internal sealed class SnapshotUser(string imageId, string name, string state)
{
    public string ImageId { get; } = imageId;
    public string Name { get; } = name;
    public string State { get; } = state;

    public override string ToString() => ImageId + " ('" + Name + "', " + State + ")";
}
