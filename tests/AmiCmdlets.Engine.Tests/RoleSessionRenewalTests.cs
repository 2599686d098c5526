using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>A wait longer than a role session: the session is renewed before it ends and the wait goes on.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class RoleSessionRenewalTests(LocalAwsFixture localAws)
{
    [Fact]
    public async Task AWaitOutlivesItsRoleSessionWhichIsRenewedFiveMinutesBeforeItEnds()
    {
        await localAws.Control.ResetAsync();
        // Sessions of 301 s are renewed 5 minutes before they end: after 1 s, as a 1-hour chained session is after 55 minutes.
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { RoleSessionSeconds = 301, PendingSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        var instance = (await localAws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, Instances = [new SeedInstance { State = "running" }] })).InstanceIds[0];
        var factory = LocalAwsFixture.IsolatedFactory();
        var place = localAws.Connection(factory, roleArn: "arn:aws:iam::" + LocalAwsAccounts.AccountB + ":role/AmiAdmin");
        var image = (await factory.Ec2(place).CreateImageAsync(new Amazon.EC2.Model.CreateImageRequest { InstanceId = instance, Name = "web-long" })).ImageId;
        var policy = new WaitPolicy(TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));

        var waiting = LocalAwsFixture.CollectAsync((events, token) => new ImageWaiter(factory).WaitAndReportAsync([new WaitTarget(place, [image])], "available", policy, events, token));
        // The first session and two renewals, each seen by polls that went on.
        await localAws.Control.WaitForCallsAsync("AssumeRole", 3);
        await localAws.Control.FinishPendingAsync();
        var result = await waiting;

        Assert.Empty(result.OfType<ErrorEvent>());
        Assert.Equal(image, ((Ami)Assert.Single(result.OfType<OutputEvent>()).Item).ImageId);
        Assert.Equal(LocalAwsAccounts.AccountB, ((Ami)result.OfType<OutputEvent>().Single().Item).AccountId);
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { RoleSessionSeconds = 0 });
    }
}
