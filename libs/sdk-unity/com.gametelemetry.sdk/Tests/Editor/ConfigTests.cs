using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class ConfigTests
    {
        private static TelemetryClient Make(TelemetryConfig c, CapturingLogger log = null)
        {
            return new TelemetryClient(c, new FakeTransport(), new TelemetryServices { Storage = new MemoryStorage(), Clock = new FakeClock(), Logger = log });
        }

        [Test]
        public void AMistypedKeyIsRefusedAtInitWithAMessageThatSaysWhat()
        {
            var c = TestKeys.Config();
            c.ApiKey = TestKeys.Valid.Substring(0, TestKeys.Valid.Length - 1) + "X";
            var log = new CapturingLogger();
            var client = Make(c, log);
            Assert.IsFalse(client.IsEnabled);
            StringAssert.Contains("KEY_BAD_CHECKSUM", client.InitError);
            Assert.IsFalse(client.Track("A"));
            client.Tick();
            Assert.IsTrue(log.Contains("not started"));
        }

        [Test]
        public void AMalformedKeyOrEndpointIsRefused()
        {
            var c = TestKeys.Config();
            c.ApiKey = "my-key";
            StringAssert.Contains("KEY_MALFORMED", Make(c).InitError);
            c = TestKeys.Config();
            c.Endpoint = "ingest.example.com";
            StringAssert.Contains("Endpoint", Make(c).InitError);
            c = TestKeys.Config();
            c.Endpoint = "ftp://ingest.example.com";
            StringAssert.Contains("Endpoint", Make(c).InitError);
            c = TestKeys.Config();
            c.AppVersion = new string('1', 33);
            StringAssert.Contains("AppVersion", Make(c).InitError);
        }

        [Test]
        public void ATrailingSlashOnTheEndpointIsFine()
        {
            var h = new Harness();
            h.Config.Endpoint = "https://ingest.example.test/";
            h.Start();
            h.Client.Track("A");
            h.Client.Flush();
            h.Pump();
            Assert.AreEqual("https://ingest.example.test/v1/events", h.Transport.Outstanding.Request.Url);
        }

        [Test]
        public void RefusedCallsAreCountedAndUseNoIds()
        {
            var h = new Harness().Start();
            h.Client.StartSession();
            int ids = h.Ids.Used;
            Assert.IsFalse(h.Client.Track("Bad Name"));
            Assert.IsFalse(h.Client.Track("A", double.NaN));
            Assert.IsFalse(h.Client.Purchase("EUR", -1, "gem"));
            Assert.IsFalse(h.Client.Error(ErrorSeverity.Error, ""));
            Assert.IsFalse(h.Client.Progression(ProgressionStatus.Start, "L", attempt: 0));
            Assert.AreEqual(ids, h.Ids.Used);
            Assert.AreEqual(5, h.Client.Stats.Refused);
        }

        [Test]
        public void AnEventOver16KiBAsJsonIsRefused()
        {
            var h = new Harness().Start();
            var props = new TelemetryProperties();
            for (int i = 0; i < 50; i++) props.Add("k" + i, new System.Text.StringBuilder().Insert(0, "😀", 100).ToString());
            Assert.IsFalse(h.Client.Track("Huge", null, props));
            StringAssert.Contains("16384", h.Client.Stats.LastError);
        }

        [Test]
        public void FloatsAreSentAsTheirShortestDecimal()
        {
            var h = new Harness();
            h.Config.Compress = false;
            h.Start();
            h.Client.Track("Float", 0.1f, new TelemetryProperties { { "speed", 1.1f }, { "ratio", 0.3 }, { "count", 7 }, { "big", 12345678901L } });
            h.Client.Flush();
            h.Pump();
            StringAssert.Contains("\"properties\":{\"speed\":1.1,\"ratio\":0.3,\"count\":7,\"big\":12345678901}", h.Transport.Outstanding.BodyText);
            StringAssert.Contains("\"value\":0.1}", h.Transport.Outstanding.BodyText);
        }

        [Test]
        public void TheSdkFieldCanBeLeftOut()
        {
            var h = new Harness();
            h.Config.SdkName = null;
            h.Config.SdkVersion = null;
            h.Config.AppVersion = null;
            h.Start();
            h.Client.Track("Plain");
            h.Client.Flush();
            h.Pump();
            StringAssert.DoesNotContain("\"sdk\"", h.Transport.Outstanding.BodyText);
            StringAssert.DoesNotContain("\"appVersion\"", h.Transport.Outstanding.BodyText);
        }
    }
}
