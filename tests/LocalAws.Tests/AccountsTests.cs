using System;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Any number of accounts: start options, the control plane, deterministic keys, each a separate owner.</summary>
public sealed class AccountsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    // Ids outside the generated range, so tests of this class do not depend on each other's order.
    private const string Fleet1 = "210000000001";
    private const string Fleet2 = "210000000002";

    private readonly LocalAwsFixture _aws;

    public AccountsTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static BasicAWSCredentials KeysOf(string account) => new(LocalAwsAccounts.AccessKeyFor(account), LocalAwsAccounts.SecretKeyFor(account));

    [Fact]
    public async Task Start_options_add_generated_and_named_accounts_after_the_fixed_three_and_the_control_plane_continues_the_sequence()
    {
        var options = new LocalAwsOptions { GeneratedAccounts = 2 };
        options.AccountIds.Add(Fleet1);
        await using var server = await LocalAwsServer.StartAsync(options);

        var accounts = await server.Control.GetAccountsAsync();
        Assert.Equal(
            new[] { LocalAwsAccounts.DefaultAccount, LocalAwsAccounts.AccountB, LocalAwsAccounts.AccountC, "100000000001", "100000000002", Fleet1 },
            accounts.Select(a => a.AccountId));
        Assert.Equal(new LocalAwsAccount(LocalAwsAccounts.DefaultAccount, LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey), accounts[0]);
        Assert.Equal(new LocalAwsAccount("100000000001", "AKIALAWS100000000001", "localaws-secret-100000000001"), accounts[3]);

        var more = await server.Control.AddAccountsAsync(new AddAccountsRequest { AccountId = "100000000004", Count = 2 });
        // The named id first; the generated ones skip ids already known.
        Assert.Equal(new[] { "100000000004", "100000000003", "100000000005" }, more.Select(a => a.AccountId));
        Assert.All(more, a => Assert.Equal(20, a.AccessKeyId.Length));
    }

    [Fact]
    public async Task An_added_account_signs_with_its_computed_keys_and_is_unknown_before()
    {
        using var before = _aws.Ec2(credentials: KeysOf(Fleet2), maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => before.DescribeRegionsAsync(new DescribeRegionsRequest()), "AuthFailure");

        var added = Assert.Single(await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountIds = [Fleet2] }));
        Assert.Equal(new LocalAwsAccount(Fleet2, "AKIALAWS" + Fleet2, "localaws-secret-" + Fleet2), added);

        using var sts = _aws.Sts(KeysOf(Fleet2));
        var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(Fleet2, me.Account);
        Assert.Equal($"arn:aws:iam::{Fleet2}:user/localaws", me.Arn);
        Assert.StartsWith("AIDA", me.UserId, StringComparison.Ordinal);

        // Adding again is not an error and answers the same keys.
        Assert.Equal(added, Assert.Single(await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountId = Fleet2 })));
    }

    [Fact]
    public async Task Added_accounts_survive_a_reset()
    {
        await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountId = Fleet1 });
        await _aws.Control.ResetAsync();
        Assert.Contains(await _aws.Control.GetAccountsAsync(), a => a.AccountId == Fleet1);
        using var ec2 = _aws.Ec2(credentials: KeysOf(Fleet1));
        await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
    }

    [Fact]
    public async Task Each_added_account_owns_its_own_images_snapshots_instances_and_default_ebs_key()
    {
        await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountIds = [Fleet1, Fleet2] });
        await _aws.Control.SeedAsync(new SeedRequest { Account = Fleet1, Images = [new SeedImage { Name = "web-1" }] });
        await _aws.Control.SeedAsync(new SeedRequest { Account = Fleet2, Images = [new SeedImage { Name = "web-2" }] });

        using var one = _aws.Ec2(credentials: KeysOf(Fleet1));
        using var two = _aws.Ec2(credentials: KeysOf(Fleet2));
        var image1 = Assert.Single((await one.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] })).Images);
        Assert.Equal(("web-1", Fleet1), (image1.Name, image1.OwnerId));
        Assert.Equal("web-2", Assert.Single((await two.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] })).Images).Name);
        Assert.Single((await one.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] })).Snapshots);

        // Another account's private image is invisible, and not theirs to change.
        await Ec2Helpers.FailsAsync(() => two.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [image1.ImageId] }), "InvalidAMIID.NotFound");

        var instance = await Ec2Helpers.LaunchAsync(one);
        Assert.Equal(Fleet1, (await one.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations.Single().OwnerId);
        Assert.Null((await two.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Amazon.EC2.Model.Filter("instance-id", [instance.InstanceId])] })).Reservations?.FirstOrDefault());

        using var kms = _aws.Kms(KeysOf(Fleet2));
        var ebs = await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/ebs" });
        Assert.Equal(Fleet2, ebs.KeyMetadata.AWSAccountId);
        Assert.Equal(KeyManagerType.AWS, ebs.KeyMetadata.KeyManager);
    }

    [Theory]
    [InlineData("{\"accountId\":\"12345\"}")]
    [InlineData("{\"accountIds\":[\"210000000003\",\"x\"]}")]
    [InlineData("{\"accountId\":\"137112412989\"}")]
    [InlineData("{\"count\":-1}")]
    public async Task A_bad_account_request_is_refused_and_adds_nothing(string body)
    {
        using var http = new System.Net.Http.HttpClient();
        var response = await http.PostAsync(new Uri(_aws.Server.Url, "/_localaws/accounts"), new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await _aws.Control.GetAccountsAsync(), a => a.AccountId == "210000000003");
    }
}
