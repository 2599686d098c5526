using System.Text;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// GetConsoleOutput: the instance's console text, base64-encoded as AWS returns it, with the time it was last
/// updated. An instance without user data (or provisioning behaviour) has printed nothing: no output element.
/// </summary>
internal static class ConsoleOutputApi
{
    public static AwsResponse GetConsoleOutput(AwsCall call)
    {
        var instance = Ec2Common.OwnInstance(call, call.Params.Required("InstanceId"));
        call.Params.Bool("Latest");
        var xml = Ec2Api.Begin(call).Elem("instanceId", instance.InstanceId).Elem("timestamp", call.State.Now);
        if (instance.Provisioning is { } run)
            xml.Elem("output", Convert.ToBase64String(Encoding.UTF8.GetBytes(run.ConsoleText(instance.InstanceId, call.State.Now))));
        return Ec2Api.End(xml);
    }
}
