using System.Diagnostics;
using PypiKit.Sandbox.Auth;

namespace PypiKit.Sandbox.Tests.Sandbox;

[Trait("Category", "Slow")]
public class HtpasswdTests
{
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
        Assert.True(HtpasswdHash.Verify(password, hash));
        Assert.False(HtpasswdHash.Verify("x" + password, hash));
        // the same computation under the other prefixes
        Assert.True(HtpasswdHash.Verify(password, "$2b" + hash[3..]));
        Assert.True(HtpasswdHash.Verify(password, "$2y" + hash[3..]));
    }

    [Fact]
    public void No_hand_written_bcrypt_is_left_in_the_sandbox()
    {
        var assembly = typeof(HtpasswdFile).Assembly;
        Assert.DoesNotContain(assembly.GetTypes(), t => t.Name.Contains("Bcrypt", StringComparison.OrdinalIgnoreCase) || t.Name.Contains("Blowfish", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name == "BCrypt-Net-Next"); // the BCrypt.Net-Next package
    }

    [Fact]
    public void Written_hashes_are_htpasswd_bcrypt_and_malformed_ones_never_match()
    {
        using var temp = new TempDir("pypikit-htpasswd-");
        var dir = temp.Path;
        var path = Path.Combine(dir, "htpasswd");
        HtpasswdFile.SetUser(path, "alice", "s3cret", cost: 5);
        var h = File.ReadAllText(path).Trim()["alice:".Length..];
        Assert.StartsWith("$2y$05$", h);
        Assert.Equal(60, h.Length);
        Assert.True(HtpasswdHash.Verify("s3cret", h));
        Assert.False(HtpasswdHash.Verify("s3cres", h));
        Assert.False(HtpasswdHash.Verify("s3cret", h[..59]));
        Assert.False(HtpasswdHash.Verify("s3cret", "$2a$99$" + h[7..]));
        Assert.False(HtpasswdHash.Verify("s3cret", "$2y$05$" + new string('!', 53)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path)); // 0600: hashes are secrets too
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
        var htpasswd = RequiredTool.Find("/usr/bin/htpasswd", "apache2-utils");
        foreach (var (flags, prefix) in new[] { (new[] { "-B" }, "$2y$"), (["-B", "-C", "10"], "$2y$10$"), (["-m"], "$apr1$"), (["-s"], "{SHA}") })
        {
            foreach (var password in new[] { "correct horse", "pässwörd ✓" })
            {
                var run = await Tools.RunAsync(htpasswd, ["-nb", .. flags, "alice", password], TimeSpan.FromSeconds(30));
                Assert.Equal(0, run.ExitCode);
                var line = run.Stdout.Trim();
                var hash = line[(line.IndexOf(':') + 1)..];
                Assert.StartsWith(prefix, hash);
                Assert.True(HtpasswdHash.Verify(password, hash), $"{string.Join(' ', flags)}: {hash}");
                Assert.False(HtpasswdHash.Verify(password + "!", hash), $"{string.Join(' ', flags)}: {hash}");
            }
        }
    }

    private const string PasslibScript = """
        import sys
        from passlib.hash import bcrypt, apr_md5_crypt, ldap_sha1
        mode, pw = sys.argv[1], sys.argv[2]
        if mode == "verify":
            print("ok" if bcrypt.verify(pw, sys.argv[3]) else "no")
        else:
            for ident in ("2y", "2b", "2a"):
                print(bcrypt.using(ident=ident, rounds=5).hash(pw))
            print(apr_md5_crypt.hash(pw))
            print("{SHA}" + ldap_sha1.hash(pw)[5:])
        """;

    [Fact]
    public async Task Hashes_written_by_passlib_verify_and_passlib_accepts_ours()
    {
        var python = RequiredTool.Find("/usr/bin/python3", "python3-passlib");
        var probe = await Tools.RunAsync(python, ["-c", "import passlib.hash"], TimeSpan.FromSeconds(30));
        if (probe.ExitCode != 0) RequiredTool.Find("/usr/lib/python3/dist-packages/passlib/__init__.py", "python3-passlib");
        foreach (var password in new[] { "correct horse", "pässwörd ✓" })
        {
            var run = await Tools.RunAsync(python, ["-c", PasslibScript, "hash", password], TimeSpan.FromSeconds(30));
            Assert.True(run.ExitCode == 0, run.All);
            var hashes = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(5, hashes.Length);
            foreach (var (h, prefix) in hashes.Zip(new[] { "$2y$05$", "$2b$05$", "$2a$05$", "$apr1$", "{SHA}" })) Assert.StartsWith(prefix, h);
            foreach (var h in hashes)
            {
                Assert.True(HtpasswdHash.Verify(password, h), h);
                Assert.False(HtpasswdHash.Verify(password + "!", h), h);
            }

            using var temp = new TempDir("pypikit-htpasswd-");
            var dir = temp.Path;
            var path = Path.Combine(dir, "htpasswd");
            HtpasswdFile.SetUser(path, "bob", password, cost: 5);
            var ours = File.ReadAllText(path).Trim()["bob:".Length..];
            var check = await Tools.RunAsync(python, ["-c", PasslibScript, "verify", password, ours], TimeSpan.FromSeconds(30));
            Assert.Equal("ok", check.Stdout.Trim());
            check = await Tools.RunAsync(python, ["-c", PasslibScript, "verify", password + "!", ours], TimeSpan.FromSeconds(30));
            Assert.Equal("no", check.Stdout.Trim());
        }
    }

    [Fact]
    public async Task File_is_reloaded_when_it_changes()
    {
        using var temp = new TempDir("pypikit-htpasswd-");
        var dir = temp.Path;
        var path = Path.Combine(dir, "htpasswd");
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
}
