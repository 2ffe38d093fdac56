using System.Linq;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class MlNetInternalsTests
    {
        [Test]
        public void EveryInternalMemberThePackageCallsExistsInTheReferencedMlNet()
        {
            var members = typeof(MlNetInternals).GetFields().Where(f => f.IsStatic && f.IsInitOnly).ToList();
            Assert.That(members, Has.Count.EqualTo(6));
            Assert.That(members.Where(f => f.GetValue(null) == null).Select(f => f.Name), Is.Empty);
            Assert.DoesNotThrow(MlNetInternals.EnsureAvailable);
            Assert.That(MlNetInternals.LoadedVersion, Does.StartWith("5.0."), MlNetInternals.TestedVersions);
        }
    }
}
