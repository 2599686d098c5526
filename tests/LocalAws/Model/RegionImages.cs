namespace LocalAws.Model;

/// <summary>
/// All images of one region, whatever their owner: visibility (public, shared) crosses accounts, so
/// DescribeImages reads one index. Ids are kept sorted so a page starts with an O(log n) seek to the
/// token's id rather than sorting 100,000 images per call.
/// </summary>
internal sealed class RegionImages
{
    private readonly Dictionary<string, Image> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Owner, string Name), Image> _byOwnerAndName = new();

    public int Count => _byId.Count;

    public void Add(Image image)
    {
        _byId.Add(image.ImageId, image);
        _ids.Add(image.ImageId);
        _byOwnerAndName[(image.OwnerId, image.Name)] = image;
    }

    public bool Remove(string imageId)
    {
        if (!_byId.Remove(imageId, out var image)) return false;
        _ids.Remove(imageId);
        _byOwnerAndName.Remove((image.OwnerId, image.Name));
        return true;
    }

    public Image? Find(string imageId) => _byId.GetValueOrDefault(imageId);

    private readonly HashSet<string> _deregistered = new(StringComparer.Ordinal);

    /// <summary>Removes the image and frees its name; the id then answers InvalidAMIID.Unavailable to its owner.</summary>
    public void Deregister(Image image)
    {
        Remove(image.ImageId);
        image.State = ImageStates.Deregistered;
        _deregistered.Add(image.ImageId);
    }

    public bool WasDeregistered(string imageId) => _deregistered.Contains(imageId);

    /// <summary>The first image of the region (any owner, any state but deregistered) that references the snapshot.</summary>
    public Image? FirstUsing(string snapshotId, Image? except = null)
    {
        foreach (var image in _byId.Values)
        {
            if (ReferenceEquals(image, except)) continue;
            foreach (var device in image.BlockDevices)
                if (string.Equals(device.SnapshotId, snapshotId, StringComparison.Ordinal)) return image;
        }
        return null;
    }

    public IEnumerable<Image> All => _byId.Values;

    /// <summary>Image names are unique per owner and region (CreateImage's InvalidAMIName.Duplicate).</summary>
    public Image? FindByName(string ownerId, string name) => _byOwnerAndName.GetValueOrDefault((ownerId, name));

    /// <summary>Images in id order, starting strictly after <paramref name="afterId"/> when given.</summary>
    public IEnumerable<Image> InIdOrder(string? afterId)
    {
        if (_ids.Count == 0) yield break;
        if (afterId is not null && StringComparer.Ordinal.Compare(afterId, _ids.Max) >= 0) yield break;
        var ids = afterId is null ? _ids : _ids.GetViewBetween(afterId, _ids.Max!);
        foreach (var id in ids)
        {
            if (afterId is not null && string.Equals(id, afterId, StringComparison.Ordinal)) continue;
            yield return _byId[id];
        }
    }
}
