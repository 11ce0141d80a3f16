using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>A finished upload takes its name only when the name is free, atomically, whoever else is publishing it.</summary>
public sealed class ExclusivePublishTests : IDisposable
{
    private readonly TempDir _temp = new("pypikit-publish-");

    public void Dispose() => _temp.Dispose();

    private string Temp(string content)
    {
        var path = Path.Combine(_temp.Path, $".upload-{Guid.NewGuid():N}.tmp");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_free_name_is_taken_and_the_temporary_name_goes()
    {
        var temp = Temp("wheel bytes");
        var final = Path.Combine(_temp.Path, "demo-1.0-py3-none-any.whl");
        Assert.True(ExclusivePublish.TryPublish(temp, final));
        Assert.Equal("wheel bytes", File.ReadAllText(final));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void A_taken_name_is_refused_and_its_file_is_untouched()
    {
        var final = Path.Combine(_temp.Path, "demo-1.0-py3-none-any.whl");
        File.WriteAllText(final, "first");
        var temp = Temp("second");
        Assert.False(ExclusivePublish.TryPublish(temp, final));
        Assert.Equal("first", File.ReadAllText(final));
        Assert.Equal("second", File.ReadAllText(temp)); // the caller removes its own temporary file
    }

    [Fact]
    public void Of_many_publishers_racing_for_one_name_exactly_one_wins_and_its_bytes_stay()
    {
        // File.Move(…, overwrite: false) fails this (it checks, then renames over a file created in between)
        for (int round = 0; round < 300; round++)
        {
            var final = Path.Combine(_temp.Path, $"race{round}-1.0-py3-none-any.whl");
            var temps = Enumerable.Range(0, 8).Select(i => Temp($"publisher {i}")).ToArray();
            using var go = new ManualResetEventSlim();
            var results = new bool[temps.Length];
            var threads = temps.Select((t, i) => new Thread(() => { go.Wait(); results[i] = ExclusivePublish.TryPublish(t, final); })).ToArray();
            foreach (var th in threads) th.Start();
            go.Set();
            foreach (var th in threads) th.Join();
            int winner = Assert.Single(Enumerable.Range(0, temps.Length), i => results[i]);
            Assert.Equal($"publisher {winner}", File.ReadAllText(final));
            Assert.All(Enumerable.Range(0, temps.Length).Where(i => i != winner), i => Assert.True(File.Exists(temps[i])));
        }
    }
}
