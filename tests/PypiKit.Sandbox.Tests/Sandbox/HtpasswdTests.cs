using System.Diagnostics;
using PypiKit.Sandbox.Auth;

namespace PypiKit.Sandbox.Tests.Sandbox;

public class HtpasswdTests
{
    [Fact]
    public void Pi_words_start_as_blowfish_expects()
    {
        var w = Bcrypt.ComputePiWords();
        Assert.Equal(0x243F6A88u, w[0]);
        Assert.Equal(0x85A308D3u, w[1]);
        Assert.Equal(0x8979FB1Bu, w[17]);  // last P-array word
        Assert.Equal(0xD1310BA6u, w[18]);  // first S-box word
    }

    // Published test vectors (Openwall crypt_blowfish's test set, also used by many bcrypt ports).
    [Theory]
    [InlineData("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK")]
    [InlineData("U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a")]
    [InlineData("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy")]
    [InlineData("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
        "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui")]
    public void Bcrypt_matches_published_vectors(string password, string hash)
    {
        Assert.True(Bcrypt.Verify(password, hash));
        Assert.False(Bcrypt.Verify("x" + password, hash));
        // the same computation under the other prefixes
        Assert.True(Bcrypt.Verify(password, "$2b" + hash[3..]));
        Assert.True(Bcrypt.Verify(password, "$2y" + hash[3..]));
    }

    [Fact]
    public void Bcrypt_round_trips_and_rejects_malformed()
    {
        var h = Bcrypt.Hash("s3cret", cost: 5);
        Assert.StartsWith("$2y$05$", h);
        Assert.Equal(60, h.Length);
        Assert.True(Bcrypt.Verify("s3cret", h));
        Assert.False(Bcrypt.Verify("s3cres", h));
        Assert.False(Bcrypt.Verify("s3cret", h[..59]));
        Assert.False(Bcrypt.Verify("s3cret", "$2a$99$" + h[7..]));
    }

    [Fact]
    public void Apr1_and_sha_match_known_hashes()
    {
        // openssl passwd -apr1 -salt abcdefgh password  (and htpasswd -s)
        Assert.True(HtpasswdHash.Verify("password", Md5Crypt.Compute("password", "abcdefgh")));
        Assert.True(HtpasswdHash.Verify("password", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="));
        Assert.False(HtpasswdHash.Verify("passwore", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="));
        Assert.True(HtpasswdHash.Verify("password", "$apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE1"));
        Assert.False(HtpasswdHash.Verify("password", "$6$salt$whatever"));
    }

    [Fact]
    public async Task Hashes_written_by_apache_htpasswd_verify()
    {
        if (!File.Exists("/usr/bin/htpasswd")) Assert.Skip("apache2-utils (htpasswd) is not installed");
        foreach (var (flag, prefix) in new[] { ("-B", "$2y$"), ("-m", "$apr1$"), ("-s", "{SHA}") })
        {
            var psi = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-nb", flag, "alice", "correct horse" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var line = (await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Trim();
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            var hash = line[(line.IndexOf(':') + 1)..];
            Assert.StartsWith(prefix, hash);
            Assert.True(HtpasswdHash.Verify("correct horse", hash), $"{flag}: {hash}");
            Assert.False(HtpasswdHash.Verify("correct horsE", hash), $"{flag}: {hash}");
        }
    }

    [Fact]
    public async Task File_is_reloaded_when_it_changes()
    {
        var dir = Directory.CreateTempSubdirectory("pypikit-htpasswd-");
        try
        {
            var path = Path.Combine(dir.FullName, "htpasswd");
            HtpasswdFile.SetUser(path, "bob", "one", cost: 4);
            var file = new HtpasswdFile(path);
            Assert.True(file.Verify("bob", "one"));
            Assert.False(file.Verify("carol", "two"));
            await Task.Delay(1100, TestContext.Current.CancellationToken); // a new mtime second for coarse file systems
            HtpasswdFile.SetUser(path, "carol", "two", cost: 4);
            await Task.Delay(150, TestContext.Current.CancellationToken); // past the 100 ms stat throttle
            Assert.True(file.Verify("carol", "two"));
            Assert.True(file.Verify("bob", "one"));
        }
        finally { dir.Delete(true); }
    }
}
