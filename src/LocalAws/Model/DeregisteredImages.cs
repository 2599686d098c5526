namespace LocalAws.Model;

/// <summary>What DescribeImages still shows of a deregistered image.</summary>
internal enum DeregisteredPhase
{
    /// <summary>Listed, with state "deregistered" (by id, by filter and in listings).</summary>
    Listed,
    /// <summary>Left out of results without an error: an instance launched from it still runs.</summary>
    Empty,
    /// <summary>Gone: naming its id fails with InvalidAMIID.NotFound.</summary>
    NotFound,
}

/// <summary>
/// AWS (DescribeImages): "Recently deregistered images appear in the returned results for a short interval and
/// then return empty results. After all instances that reference a deregistered AMI are terminated, specifying
/// the ID of the image will eventually return an error indicating that the AMI ID cannot be found."
/// The interval is <see cref="EmulatorState.DeregisteredVisibleSecondsFor"/> (a guess: AWS does not publish
/// it); "eventually" is taken as "at once" once the interval is over and no instance references the image.
/// </summary>
internal static class DeregisteredImages
{
    public static DeregisteredPhase PhaseOf(EmulatorState state, Image image, DateTimeOffset now)
    {
        var listedUntil = (image.DeregisteredAt ?? now).AddSeconds(state.DeregisteredVisibleSecondsFor(image.Region));
        if (now < listedUntil) return DeregisteredPhase.Listed;
        return IsReferencedByInstance(state, image) ? DeregisteredPhase.Empty : DeregisteredPhase.NotFound;
    }

    /// <summary>Any account's instance in the image's region, launched from it and not terminated.</summary>
    private static bool IsReferencedByInstance(EmulatorState state, Image image) =>
        state.ScopesIn(image.Region).Any(scope => scope.Instances.Values.Any(i =>
            string.Equals(i.ImageId, image.ImageId, StringComparison.Ordinal) && i.State != "terminated"));
}
