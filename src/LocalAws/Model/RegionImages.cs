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

    private readonly Dictionary<string, Image> _deregistered = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _deregisteredIds = new(StringComparer.Ordinal);

    /// <summary>
    /// Removes the image from the live index and frees its name; the id then answers InvalidAMIID.Unavailable
    /// to owner-only actions. DescribeImages still finds it for a while (see <see cref="DeregisteredImages"/>).
    /// </summary>
    public void Deregister(Image image, DateTimeOffset now)
    {
        Remove(image.ImageId);
        image.State = ImageStates.Deregistered;
        image.DeregisteredAt = now;
        _deregistered[image.ImageId] = image;
        _deregisteredIds.Add(image.ImageId);
    }

    /// <summary>Restored from the Recycle Bin: live again under its id and name.</summary>
    public void Restore(Image image)
    {
        _deregistered.Remove(image.ImageId);
        _deregisteredIds.Remove(image.ImageId);
        image.DeregisteredAt = null;
        Add(image);
    }

    public bool WasDeregistered(string imageId) => _deregistered.ContainsKey(imageId);

    /// <summary>A deregistered image as it was when deregistered (state "deregistered"), or null.</summary>
    public Image? FindDeregistered(string imageId) => _deregistered.GetValueOrDefault(imageId);

    /// <summary>Live and deregistered images merged in id order, strictly after <paramref name="afterId"/> when given.</summary>
    public IEnumerable<Image> InIdOrderWithDeregistered(string? afterId)
    {
        using var live = InIdOrder(afterId).GetEnumerator();
        using var gone = After(_deregisteredIds, afterId).GetEnumerator();
        var hasLive = live.MoveNext();
        var hasGone = gone.MoveNext();
        while (hasLive || hasGone)
        {
            if (hasGone && (!hasLive || StringComparer.Ordinal.Compare(gone.Current, live.Current.ImageId) < 0))
            {
                yield return _deregistered[gone.Current];
                hasGone = gone.MoveNext();
            }
            else
            {
                yield return live.Current;
                hasLive = live.MoveNext();
            }
        }
    }

    private static IEnumerable<string> After(SortedSet<string> ids, string? afterId)
    {
        if (ids.Count == 0) yield break;
        if (afterId is not null && StringComparer.Ordinal.Compare(afterId, ids.Max) >= 0) yield break;
        foreach (var id in afterId is null ? ids : ids.GetViewBetween(afterId, ids.Max!))
        {
            if (afterId is not null && string.Equals(id, afterId, StringComparison.Ordinal)) continue;
            yield return id;
        }
    }

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
