using System.Text;
using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Tests.Configuration;

/// <summary>
/// The readers are total: thousands of generated inputs (valid files mutated at random, with a fixed
/// seed so a failure reproduces) give either a value or the reader's own exception, whose every error
/// names file:line:col. Nothing else may escape, whatever the bytes.
/// </summary>
[TestFixture]
public sealed class GeneratedInputTests
{
    private const int Seed = 12;
    private const int CasesPerReader = 4000;
    private const string ConfigurationFile = "/generated/plugins.toml";
    private const string ManifestFile = "/generated/Greeter/plugin.toml";

    private static readonly string[] s_configurationSeeds =
    [
        """
        search_paths = ["plugins", "../shared"]
        source_paths = ["scripts"]
        nuget_feeds = ["feed"]
        plugins = [
          "Alpha",
          { name = "Beta", enabled = false, hot_reload = false, path = "bin/Beta.dll", version = "[1.0,2.0)" },
          { name = "Gamma", settings = { greeting = "Hi", retries = 3, ratio = 0.5, loud = true } },
        ]
        finders = [{ type = "Zip.Finder", assembly = "bin/Zip.dll", position = "first", settings = { archive = "a.zip" } }]

        [hot_reload]
        enabled = true
        debounce_ms = 50
        polling = false
        poll_interval_ms = 250
        """,
        """
        plugins = ["A"]
        [[finders]]
        type = "T"
        assembly = "x.dll"
        """,
    ];

    private static readonly string[] s_manifestSeeds =
    [
        """
        name = "Greeter"
        version = "1.2.0-beta.1"
        description = "Greets."
        entry = "Greeter.dll"
        requires = ["Words >= 1.2, < 2", "Shouter ^1.0", "Other ~1.2.3", "Plain"]
        shared_assemblies = ["Newtonsoft.Json"]
        """,
    ];

    // Fragments a person or a broken editor puts into TOML: structure, quotes, escapes, odd values.
    private static readonly string[] s_fragments =
    [
        "[", "]", "{", "}", "[[", "]]", "\"", "'", "\"\"\"", "'''", "=", ",", ".", "#", "\n", "\r\n", "\r", "\t", " ",
        "\0", "\\", "\\u0000", "\\U0010FFFF", "\\x", "\uFFFE", "\uD800", "\uDC00", "😀", "\u0085", "\u2028",
        "inf", "-inf", "nan", "+0", "0x7FFFFFFFFFFFFFFF", "99999999999999999999", "1e400", "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27",
        "true", "false", "[]", "{}", "a.b.c = 1", "x = [", "name = ", "path = \"\0\"", "\"../\0x\"", "= =", "plugins = ", "search_paths = ",
        "requires = [\">= \"]", "version = \"^\"", "[hot_reload]", "debounce_ms = -1", "poll_interval_ms = 0",
    ];

    [Test]
    public void ConfigurationReader_GeneratedInputs_GiveAConfigurationOrLocatedErrorsOnly()
    {
        var escaped = new List<string>();
        foreach (var text in Generate(s_configurationSeeds, new Random(Seed)))
        {
            try
            {
                TomlConfigurationReader.Read(ConfigurationFile, text, environmentSearchPath: null);
            }
            catch (PluginConfigurationException e) when (e.Errors.Count > 0 && e.Errors.All(IsLocatedIn(ConfigurationFile)))
            {
            }
#pragma warning disable CA1031 // Anything else is exactly what this test looks for.
            catch (Exception e)
#pragma warning restore CA1031
            {
                escaped.Add($"{e.GetType().Name}: {e.Message.Split('\n')[0]} <- {Escape(text)}");
            }
        }

        Assert.That(escaped, Is.Empty, $"{escaped.Count} of {CasesPerReader} inputs escaped the configuration reader.");
    }

    [Test]
    public void ManifestReader_GeneratedInputs_GiveAManifestOrAnInvalidManifestErrorWithLocations()
    {
        var escaped = new List<string>();
        foreach (var text in Generate(s_manifestSeeds, new Random(Seed + 1)))
        {
            try
            {
                PluginManifestReader.Read("Greeter", ManifestFile, text);
            }
            catch (PluginImportException e) when (e.Failure == ImportFailure.InvalidManifest
                && e.Message.Contains($"{ManifestFile}:", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(e.Message, $"{System.Text.RegularExpressions.Regex.Escape(ManifestFile)}:[1-9][0-9]*:[1-9][0-9]*"))
            {
            }
#pragma warning disable CA1031 // Anything else is exactly what this test looks for.
            catch (Exception e)
#pragma warning restore CA1031
            {
                escaped.Add($"{e.GetType().Name}: {e.Message.Split('\n')[0]} <- {Escape(text)}");
            }
        }

        Assert.That(escaped, Is.Empty, $"{escaped.Count} of {CasesPerReader} inputs escaped the manifest reader.");
    }

    [Test]
    public void ConfigurationReader_NestedDeeperThanTheParserAllows_IsASyntaxErrorWithItsPosition()
    {
        var text = "plugins = [\"A\"]\nx = " + new string('[', 70) + new string(']', 70) + "\n";

        var error = Assert.Throws<PluginConfigurationException>(() => TomlConfigurationReader.Read(ConfigurationFile, text, null))!;

        Assert.That(error.Errors[0].Location, Is.EqualTo(new SourceLocation(ConfigurationFile, 2, 4 + 65)));
        Assert.That(error.Message, Does.Contain($"{ConfigurationFile}:2:").And.Contain("This is not valid TOML: The maximum depth of 64 has been exceeded"));
    }

    [TestCase("search_paths = [\"a\\u0000b\"]", "search_paths[0]")]
    [TestCase("source_paths = [\"a\\u0000b\"]", "source_paths[0]")]
    [TestCase("nuget_feeds = [\"a\\u0000b\"]", "nuget_feeds[0]")]
    [TestCase("plugins = [{ name = \"A\", path = \"a\\u0000b\" }]", "plugins[0].path")]
    [TestCase("finders = [{ type = \"T\", assembly = \"a\\u0000b\" }]", "finders[0].assembly")]
    public void ConfigurationReader_NulInAPath_IsAnErrorNamingTheKey(string toml, string key)
    {
        var error = Assert.Throws<PluginConfigurationException>(() => TomlConfigurationReader.Read(ConfigurationFile, toml, null))!;

        Assert.That(error.Errors.Select(e => e.Message), Has.Some.EqualTo(
            $"'{key}' is not a valid path: it contains the NUL character (U+0000). Remove it from the path."));
        Assert.That(error.Message, Does.Contain($"{ConfigurationFile}:1:"));
    }

    private static Func<ConfigurationError, bool> IsLocatedIn(string file) =>
        error => error.Location.File == file && error.Location.Line >= 1 && error.Location.Column >= 1;

    private static IEnumerable<string> Generate(string[] seeds, Random random)
    {
        for (var i = 0; i < CasesPerReader; i++)
        {
            var text = seeds[random.Next(seeds.Length)];
            if (i % 10 == 9)
            {
                // Raw bytes decoded as the file reader would: invalid UTF-8 becomes U+FFFD.
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var m = random.Next(1, 8); m > 0; m--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                yield return Encoding.UTF8.GetString(bytes);
                continue;
            }

            for (var m = random.Next(1, 5); m > 0; m--)
            {
                text = Mutate(text, random);
            }

            yield return text;
        }
    }

    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(7))
        {
            case 0:
                return text.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
            case 1:
                return text.Insert(at, ((char)random.Next(0, 0x3000)).ToString());
            case 2 when text.Length > 0:
                var length = Math.Min(random.Next(1, 20), text.Length - Math.Min(at, text.Length - 1));
                return text.Remove(Math.Min(at, text.Length - 1), Math.Max(1, length));
            case 3 when at < text.Length:
                var span = Math.Min(random.Next(1, 40), text.Length - at);
                return text.Insert(at, text.Substring(at, span));
            case 4:
                // Deep nesting, the depth limit of the parser on both sides.
                var depth = random.Next(60, 70);
                var open = random.Next(2) == 0 ? "[" : "{ a = ";
                var close = open == "[" ? "]" : "}";
                return text.Insert(at, $"\nn = {string.Concat(Enumerable.Repeat(open, depth))}1{string.Concat(Enumerable.Repeat(close, depth))}\n");
            case 5:
                // A NUL character, raw or escaped, in a value that holds a path.
                var value = new[] { "\"plugins\"", "\"scripts\"", "\"feed\"", "\"bin/Beta.dll\"", "\"bin/Zip.dll\"", "\"x.dll\"", "\"Greeter.dll\"" }[random.Next(7)];
                var nul = random.Next(2) == 0 ? "\\u0000" : "\0";
                return text.Replace(value, value.Insert(1 + random.Next(value.Length - 2), nul), StringComparison.Ordinal);
            default:
                return text.Replace("\"", random.Next(2) == 0 ? "'" : "\"\0", StringComparison.Ordinal);
        }
    }

    private static string Escape(string text) =>
        text.Length > 200 ? System.Text.Json.JsonSerializer.Serialize(text[..200]) + "…" : System.Text.Json.JsonSerializer.Serialize(text);
}
