using System.Net;
using System.Text;
using Amazon.Runtime;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>
/// <see cref="CloudWatchClient.DescribeAlarmHistoryAsync"/> against <see cref="AlarmHistoryStandIn"/> (moto has no
/// DescribeAlarmHistory): the transitions of the window, oldest first, across pages; the stand-in's own refusals.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AlarmHistoryStandInTests
{
    private const string Key = "AKIDSTANDIN000000001", Secret = "standin/secret/key/0000000000000000000000", Region = "us-east-1";
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    private static List<StoredTransition> History()
    {
        var h = new List<StoredTransition>
        {
            new("pypi-high-latency", Start.AddMinutes(-10), "INSUFFICIENT_DATA", "OK"), // before the window
            new("pypi-efs-burst-credits-low", Start.AddMinutes(2), "OK", "ALARM"),      // another alarm
            new("pypi-high-latency", Start.AddMinutes(30), "ALARM", "OK"),              // after the window
        };
        // 130 flips inside the window: two pages of at most 100.
        for (var i = 0; i < 130; i++) h.Add(new("pypi-high-latency", Start.AddSeconds(5 + i * 5), i % 2 == 0 ? "OK" : "ALARM", i % 2 == 0 ? "ALARM" : "OK"));
        return h;
    }

    private static AwsSession Session(string url, string secret = Secret) => AwsSession.Create(new AwsOptions
    {
        EndpointUrl = url, Region = Region, Credentials = new BasicAWSCredentials(Key, secret), MaxAttempts = 1,
    });

    [Fact]
    public async Task The_windows_transitions_come_back_oldest_first_across_pages()
    {
        using var standIn = new AlarmHistoryStandIn(Key, Secret, Region, History());
        using var session = Session(standIn.Url);
        var items = await new CloudWatchClient(session).DescribeAlarmHistoryAsync("pypi-high-latency", Start, Start.AddMinutes(15),
            TestContext.Current.CancellationToken);
        Assert.Equal(130, items.Count);
        Assert.Equal(2, standIn.Calls); // 100 + 30, followed by NextToken
        Assert.All(items, t => Assert.Equal("pypi-high-latency", t.AlarmName));
        Assert.Equal(items.OrderBy(t => t.Time).Select(t => t.Time), items.Select(t => t.Time));
        Assert.Equal(Start.AddSeconds(5), items[0].Time);
        Assert.Equal(("OK", "ALARM"), (items[0].From, items[0].To));
        Assert.Equal(("ALARM", "OK"), (items[1].From, items[1].To));
        Assert.Equal("Alarm updated from OK to ALARM", items[0].Summary);
    }

    [Fact]
    public async Task A_start_after_the_end_and_a_wrong_secret_are_refused_as_CloudWatch_refuses_them()
    {
        var ct = TestContext.Current.CancellationToken;
        using var standIn = new AlarmHistoryStandIn(Key, Secret, Region, History());
        using (var session = Session(standIn.Url))
        {
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
                new CloudWatchClient(session).DescribeAlarmHistoryAsync("pypi-high-latency", Start.AddMinutes(15), Start, ct));
            Assert.Equal("InvalidParameterValue", ex.ErrorCode);
            Assert.Equal(400, ex.StatusCode);
        }
        using (var session = Session(standIn.Url, "wrong/secret/key/000000000000000000000000"))
        {
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
                new CloudWatchClient(session).DescribeAlarmHistoryAsync("pypi-high-latency", Start, Start.AddMinutes(15), ct));
            Assert.Equal("SignatureDoesNotMatch", ex.ErrorCode);
        }
        Assert.Equal(0, standIn.Calls);
    }

    [Fact]
    public async Task Unsigned_requests_are_refused()
    {
        using var standIn = new AlarmHistoryStandIn(Key, Secret, Region, History());
        using var http = new HttpClient();
        using var content = new StringContent("Action=DescribeAlarmHistory&Version=2010-08-01&AlarmName=a", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await http.PostAsync(standIn.Url + "/", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, standIn.Calls);
    }

    [Fact]
    public async Task Signed_but_malformed_requests_are_refused_with_CloudWatchs_error_codes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var standIn = new AlarmHistoryStandIn(Key, Secret, Region, History());
        using var session = Session(standIn.Url);
        var query = new QueryProtocolClient(session, AwsService.CloudWatch, "2010-08-01");
        async Task<string> Refused(string action, params (string, string)[] p) =>
            (await Assert.ThrowsAsync<AwsServiceException>(() => query.CallAsync(action, p.Select(x => KeyValuePair.Create(x.Item1, x.Item2)), ct))).ErrorCode;
        Assert.Equal("ValidationError", await Refused("DescribeAlarmHistory", ("AlarmName", "a"), ("HistoryItemType", "StateChange")));
        Assert.Equal("ValidationError", await Refused("DescribeAlarmHistory", ("AlarmName", new string('a', 256))));
        Assert.Equal("InvalidParameterValue", await Refused("DescribeAlarmHistory", ("StartDate", "yesterday")));
        Assert.Equal("ValidationError", await Refused("DescribeAlarmHistory", ("MaxRecords", "500")));
        Assert.Equal("InvalidNextToken", await Refused("DescribeAlarmHistory", ("NextToken", "forged")));
        Assert.Equal("InvalidAction", await Refused("DescribeAlarmHistories"));
        Assert.Equal(0, standIn.Calls);
        // The same call, well formed, is answered.
        var ok = await query.CallAsync("DescribeAlarmHistory", [KeyValuePair.Create("AlarmName", "pypi-high-latency"), KeyValuePair.Create("MaxRecords", "5")], ct);
        Assert.Equal(5, ok.Members("AlarmHistoryItems").Count());
        Assert.Equal("page-5", ok.Text("NextToken"));
    }
}
