using PluginHost.Configuration;

namespace PluginHost.Tests.Configuration;

[TestFixture]
public sealed class PluginRequirementTests
{
    [TestCase("1.2.0", true)]
    [TestCase("1.9.9", true)]
    [TestCase("1.1.9", false)]
    [TestCase("2.0.0", false)]
    [TestCase("2.0.0-beta.1", false)]
    [TestCase("1.4.0+abc123", true)]
    public void IsSatisfiedBy_CommaSeparatedComparators_AreAllRequired(string version, bool expected) =>
        Assert.That(PluginRequirement.Parse("Greeter >= 1.2, < 2").IsSatisfiedBy(version), Is.EqualTo(expected));

    [TestCase("Greeter ^1.2", "1.5.0", true)]
    [TestCase("Greeter ^1.2", "2.0.0", false)]
    [TestCase("Greeter ~1.2.3", "1.2.9", true)]
    [TestCase("Greeter ~1.2.3", "1.3.0", false)]
    [TestCase("Greeter = 1.4.0", "1.4.0", true)]
    [TestCase("Greeter", "0.0.1", true)]
    [TestCase("Greeter>1", "1.0.1", true)]
    public void IsSatisfiedBy_OtherOperators_FollowTheSemverLibrary(string requirement, string version, bool expected) =>
        Assert.That(PluginRequirement.Parse(requirement).IsSatisfiedBy(version), Is.EqualTo(expected));
}
