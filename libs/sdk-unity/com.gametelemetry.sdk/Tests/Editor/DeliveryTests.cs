using System.Collections.Generic;
using NUnit.Framework;

namespace GameTelemetry.Tests
{
    /// <summary>What each answer of the server does: retry when, drop what, stop when.</summary>
    [TestFixture]
    public class DeliveryTests
    {
        private static Harness Started(double random = 0.5)
        {
            var h = new Harness();
            h.Random.Value = random;
            h.Start();
            h.Client.Track("X");
            h.Client.Flush();
            h.Pump();
            Assert.IsNotNull(h.Transport.Outstanding);
            return h;
        }

        /// <summary>Moves the clock until the next request goes out; returns how long that took.</summary>
        private static double WaitForRetry(Harness h, double limitMs = 4000000)
        {
            // The answer is read by the next Tick, at the current time.
            h.Pump();
            int before = h.Transport.Count;
            double waited = 0;
            while (h.Transport.Count == before)
            {
                Assert.Less(waited, limitMs, "no retry");
                h.Advance(10);
                waited += 10;
            }
            return waited;
        }

        [Test]
        public void BackoffDoublesWithJitterBetweenHalfAndAllOfTheStepAndStopsAtTheMaximum()
        {
            foreach (double r in new[] { 0.0, 0.999 })
            {
                var h = Started(r);
                double step = 1000;
                for (int failure = 1; failure <= 9; failure++)
                {
                    h.Transport.Fail();
                    double waited = WaitForRetry(h);
                    double expected = System.Math.Min(60000, step) * (0.5 + 0.5 * r);
                    Assert.AreEqual(expected, waited, 10, "failure " + failure + " random " + r);
                    step *= 2;
                }
            }
        }

        [Test]
        public void RetryAfterIsHonouredWhenLongerThanTheBackoffAndCappedAtTenMinutes()
        {
            var h = Started();
            h.Transport.Respond(503, "{\"code\":\"KAFKA_UNAVAILABLE\"}", "Retry-After", "42");
            Assert.AreEqual(42000, WaitForRetry(h), 10);
            h.Transport.Respond(429, "{\"code\":\"RATE_LIMITED\"}", "Retry-After", "86400");
            Assert.AreEqual(600000, WaitForRetry(h), 10, "a day is taken as a mistake: 10 minutes at most");
            h.Transport.Respond(503, null, "Retry-After", SharedFormat(h.Clock.UnixMillis + 30000));
            Assert.AreEqual(30000, WaitForRetry(h), 1000, "an HTTP date works too (to the second)");
        }

        private static string SharedFormat(long unixMs)
        {
            return new System.DateTime(1970, 1, 1, 0, 0, 0, System.DateTimeKind.Utc).AddMilliseconds(unixMs).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        }

        [Test]
        public void ServerErrorsTimeoutsAndTooEarlyAreRetriedWithTheSameEvents()
        {
            foreach (int status in new[] { 500, 502, 503, 504, 408, 425, 429 })
            {
                var h = Started();
                var first = h.Transport.Outstanding.EventIds;
                h.Transport.Respond(status, "oops");
                WaitForRetry(h);
                CollectionAssert.AreEqual(first, h.Transport.Outstanding.EventIds, "HTTP " + status);
                Assert.AreEqual(1, h.Client.Stats.FailedRequests);
            }
        }

        [Test]
        public void A400DropsTheBatchAndIsNeverRetried()
        {
            var h = Started();
            h.Transport.Respond(400, "{\"type\":\"about:blank\",\"status\":400,\"code\":\"MALFORMED_JSON\",\"detail\":\"Unexpected token\"}");
            h.Advance(3600000);
            Assert.IsNull(h.Transport.Outstanding);
            Assert.AreEqual(1, h.Transport.Count);
            Assert.AreEqual(2, h.Client.Stats.DroppedBadRequest);
            Assert.AreEqual(0, h.Client.Stats.Queued);
            Assert.IsTrue(h.Log.Contains("MALFORMED_JSON: Unexpected token"), "the problem detail is logged");
        }

        [Test]
        public void A401StopsSendingKeepsTheQueueAndTheNextStartSendsIt()
        {
            foreach (var code in new[] { "KEY_MISSING", "KEY_MALFORMED", "KEY_BAD_CHECKSUM", "KEY_UNKNOWN", "KEY_REVOKED" })
            {
                var h = Started();
                h.Transport.Respond(401, "{\"code\":\"" + code + "\",\"detail\":\"no\"}");
                h.Client.Track("Y");
                h.Client.Flush();
                h.Advance(3600000);
                Assert.AreEqual(1, h.Transport.Count, code + ": never retried");
                Assert.IsTrue(h.Client.Stats.Halted);
                Assert.AreEqual(3, h.Client.Stats.Queued, "kept");
                Assert.IsTrue(h.Log.Contains("Check the API key"));
                var h2 = h.Restart();
                h2.Pump();
                Assert.AreEqual(4, h2.Transport.Outstanding.Events.Count, code + ": sent by the next run (with the session_end it closes)");
            }
        }

        [Test]
        public void A404MeansAWrongEndpointAndStopsSending()
        {
            var h = Started();
            h.Transport.Respond(404, "Not Found");
            h.Advance(600000);
            Assert.AreEqual(1, h.Transport.Count);
            Assert.IsTrue(h.Log.Contains("Check Endpoint"));
        }

        [Test]
        public void A413HalvesTheBatchAndDropsAnEventTooLargeOnItsOwn()
        {
            var h = new Harness().Start();
            for (int i = 0; i < 7; i++) h.Client.Track("T");
            h.Client.Flush();
            h.Pump();
            Assert.AreEqual(8, h.Transport.Outstanding.Events.Count);
            h.Transport.Respond(413, "");
            h.Pump();
            Assert.AreEqual(4, h.Transport.Outstanding.Events.Count);
            h.Transport.Respond(413, "");
            h.Pump();
            Assert.AreEqual(2, h.Transport.Outstanding.Events.Count);
            h.Transport.Respond(413, "");
            h.Pump();
            Assert.AreEqual(1, h.Transport.Outstanding.Events.Count);
            h.Transport.Respond(413, "");
            h.Pump();
            Assert.AreEqual(1, h.Client.Stats.DroppedTooLarge);
            Assert.AreEqual(1, h.Transport.Outstanding.Events.Count, "the limit stays low while the queue drains");
            while (h.Transport.Outstanding != null)
            {
                h.Transport.Accept();
                h.Pump();
            }
            Assert.AreEqual(7, h.Client.Stats.Accepted);
            for (int i = 0; i < 5; i++) h.Client.Track("Later");
            h.Client.Flush();
            h.Pump();
            Assert.AreEqual(5, h.Transport.Outstanding.Events.Count, "restored once the queue was empty");
        }

        [Test]
        public void EventsRejectedInA202AreDroppedAndCounted()
        {
            var h = Started();
            h.Transport.Respond(202, "{\"accepted\":1,\"rejected\":[{\"index\":1,\"code\":\"EVENT_INVALID_FIELD\",\"message\":\"name is invalid\"}]}");
            h.Advance(600000);
            Assert.AreEqual(1, h.Transport.Count);
            Assert.AreEqual(1, h.Client.Stats.Rejected);
            Assert.AreEqual(1, h.Client.Stats.Accepted);
            Assert.IsTrue(h.Log.Contains("EVENT_INVALID_FIELD"));
        }

        [Test]
        public void AnUnreadable2xxBodyStillMeansDelivered()
        {
            var h = Started();
            h.Transport.Respond(200, "<html>ok</html>");
            h.Advance(600000);
            Assert.AreEqual(0, h.Client.Stats.Queued);
            Assert.AreEqual(1, h.Transport.Count);
        }

        [Test]
        public void ATransportThatThrowsCountsAsANetworkError()
        {
            var h = new Harness();
            var throwing = new ThrowingTransport();
            h.Start();
            var c = new TelemetryClient(h.Config, throwing, new TelemetryServices { Clock = h.Clock, Ids = h.Ids, Random = h.Random, Storage = new MemoryStorage(), Logger = h.Log });
            c.Track("X");
            c.Flush();
            for (int i = 0; i < 3; i++) c.Tick();
            Assert.AreEqual(1, c.Stats.FailedRequests);
            Assert.IsTrue(h.Log.Contains("transport threw"));
        }

        private sealed class ThrowingTransport : IHttpTransport
        {
            public void Send(HttpRequest request, System.Action<HttpResponse> onComplete)
            {
                throw new System.InvalidOperationException("boom");
            }
        }

        [Test]
        public void TheSignatureIsHmacOfTimeAndBodyAndUsesTheServerClock()
        {
            var h = new Harness();
            h.Config.SigningSecret = "s3cret";
            h.Config.Compress = false;
            h.Start();
            h.Client.Track("Signed");
            h.Client.Flush();
            h.Pump();
            var sent = h.Transport.Outstanding;
            long t = h.Clock.UnixMillis / 1000;
            Assert.AreEqual(Crypto.SignatureHeader("s3cret", t, sent.Request.Body), sent.Request.GetHeader("X-Signature"));
            StringAssert.IsMatch("^t=[0-9]+,v1=[0-9a-f]{64}$", sent.Request.GetHeader("X-Signature"));
            // The device clock is 2 hours behind the server's.
            h.Transport.Respond(503, null, "Retry-After", "1", "Date", SharedFormat(h.Clock.UnixMillis + 7200000));
            WaitForRetry(h);
            string header = h.Transport.Outstanding.Request.GetHeader("X-Signature");
            StringAssert.StartsWith("t=" + (h.Clock.UnixMillis / 1000 + 7200) + ",", header);
        }

        private static Harness SignedStarted()
        {
            var h = new Harness();
            h.Config.SigningSecret = "s3cret";
            h.Config.Compress = false;
            h.Start();
            h.Client.Track("Signed");
            h.Client.Flush();
            h.Pump();
            return h;
        }

        private const string Expired = "{\"code\":\"SIGNATURE_EXPIRED\",\"detail\":\"X-Signature's t is more than 300 s from the server's time\"}";

        [Test]
        public void AFirstSignatureExpiredIsSentAgainAtOnceOnTheServerClockAndASecondOneHalts()
        {
            var h = SignedStarted();
            var first = h.Transport.Outstanding;
            // The device clock is 10 minutes ahead of the server's.
            h.Transport.Respond(401, Expired, "Date", SharedFormat(h.Clock.UnixMillis - 600000));
            h.Pump();
            Assert.AreEqual(2, h.Transport.Count, "sent again at once");
            var second = h.Transport.Outstanding;
            CollectionAssert.AreEqual(first.Request.Body, second.Request.Body, "the same batch");
            Assert.AreEqual(Crypto.SignatureHeader("s3cret", h.Clock.UnixMillis / 1000 - 600, second.Request.Body), second.Request.GetHeader("X-Signature"));
            Assert.IsFalse(h.Client.Stats.Halted);
            Assert.IsTrue(h.Log.Contains("the device clock is 600 s off the server's"));
            h.Transport.Respond(401, Expired, "Date", SharedFormat(h.Clock.UnixMillis - 600000));
            h.Client.Flush();
            h.Advance(600000);
            Assert.AreEqual(2, h.Transport.Count, "a second SIGNATURE_EXPIRED in a row halts");
            Assert.IsTrue(h.Client.Stats.Halted);
            Assert.AreEqual(2, h.Client.Stats.Queued, "kept");
            Assert.IsTrue(h.Log.Contains("Check the device clock"));
            Assert.IsFalse(h.Log.Contains("Check the API key"));
        }

        [Test]
        public void AResendThatSucceedsLeavesTheNextSignatureExpiredItsOwnResend()
        {
            var h = SignedStarted();
            h.Transport.Respond(401, Expired, "Date", SharedFormat(h.Clock.UnixMillis - 600000));
            h.Pump();
            h.Transport.Accept();
            h.Pump();
            Assert.AreEqual(0, h.Client.Stats.Queued);
            h.Client.Track("Later");
            h.Client.Flush();
            h.Pump();
            // The server's clock moved (or the device's did): another first refusal, another resend.
            h.Transport.Respond(401, Expired, "Date", SharedFormat(h.Clock.UnixMillis + 900000));
            h.Pump();
            Assert.AreEqual(4, h.Transport.Count);
            StringAssert.StartsWith("t=" + (h.Clock.UnixMillis / 1000 + 900) + ",", h.Transport.Outstanding.Request.GetHeader("X-Signature"));
            Assert.IsFalse(h.Client.Stats.Halted);
        }

        [Test]
        public void ASignatureExpiredWithoutDateOrOtherSignatureRefusalsHaltWithSigningAdvice()
        {
            var cases = new[]
            {
                new[] { "SIGNATURE_EXPIRED", "Check the device clock" },
                new[] { "SIGNATURE_INVALID", "Check the signing secret" },
                new[] { "SIGNATURE_MALFORMED", "Check the signing secret" },
                new[] { "SIGNATURE_MISSING", "Check the signing secret" },
            };
            foreach (var c in cases)
            {
                var h = SignedStarted();
                h.Transport.Respond(401, "{\"code\":\"" + c[0] + "\"}");
                h.Pump();
                h.Advance(600000);
                Assert.AreEqual(1, h.Transport.Count, c[0] + ": not sent again");
                Assert.IsTrue(h.Client.Stats.Halted, c[0]);
                Assert.IsTrue(h.Log.Contains(c[1]), c[0] + " advice");
                Assert.IsTrue(h.Log.Contains("with a working signing secret"), c[0]);
                Assert.IsFalse(h.Log.Contains("Check the API key"), c[0]);
            }
        }

        [Test]
        public void WithoutASecretThereIsNoSignature()
        {
            var h = Started();
            Assert.IsNull(h.Transport.Outstanding.Request.GetHeader("X-Signature"));
            Assert.AreEqual(TestKeys.Valid, h.Transport.Outstanding.Request.GetHeader("X-API-Key"));
            Assert.AreEqual("application/json", h.Transport.Outstanding.Request.GetHeader("Content-Type"));
            Assert.AreEqual(TestKeys.Endpoint + "/v1/events", h.Transport.Outstanding.Request.Url);
        }
    }
}
