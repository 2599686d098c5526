namespace AmiCmdlets.Engine.Retirement;

/// <summary>An image that uses a snapshot, as the index saw it.</summary>
internal sealed class SnapshotUser
{
    public SnapshotUser(string imageId, string name, string state)
    {
        ImageId = imageId;
        Name = name;
        State = state;
    }

    public string ImageId { get; }
    public string Name { get; }
    public string State { get; }

    public override string ToString() => ImageId + " ('" + Name + "', " + State + ")";
}
