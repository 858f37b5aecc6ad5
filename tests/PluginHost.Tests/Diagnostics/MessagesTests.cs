using PluginHost.Diagnostics;

namespace PluginHost.Tests.Diagnostics;

/// <summary>Messages that quote another message (an exception's) read as one sentence, whatever its line breaks.</summary>
[TestFixture]
public sealed class MessagesTests
{
    private const string Inner = "Could not load file or assembly 'Helper'.\nThe system cannot find the file specified.\n";

    [Test]
    public void LoadFailed_InnerMessageWithLineBreaks_IsJoinedIntoOneClause()
    {
        var text = Messages.LoadFailed("Greeter", "/p/Greeter.dll", Inner);

        Assert.That(text, Is.EqualTo(
            "The plugin 'Greeter' at '/p/Greeter.dll' could not be loaded: Could not load file or assembly 'Helper'. The system cannot find the file specified. Check that its dependencies were built into its folder."));
        Assert.That(text.Split('\n').Where(line => line.TrimStart().StartsWith('.')), Is.Empty);
    }

    [Test]
    public void RegisterFailed_InnerMessageEndingInANewline_HasNoLineStartingWithAPeriod()
    {
        var text = Messages.RegisterFailed("Greeter", "/p/Greeter.dll", new InvalidOperationException("The database is down.\r\n"));

        Assert.That(text, Does.StartWith(
            "The plugin 'Greeter' at '/p/Greeter.dll' threw InvalidOperationException in Register(): The database is down. Its registrations were discarded"));
        Assert.That(text, Does.Not.Contain("\n"));
    }
}
