// Behaviour of the client with a fake clock, ids, transport and storage: batching, delivery
// rules, backoff, sessions, the time budget and configuration. The same scenarios as the Unity
// SDK's tests (libs/sdk-unity/.../Tests/Editor).
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <thread>

#include "GameTelemetryCore/GtCrypto.h"
#include "TestDoubles.h"

namespace gt {
namespace test {
namespace {

std::string httpDate(int64_t unixMs) {
    static const char* days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = formatIsoTimestamp(unixMs);
    const int64_t day = unixMs / 86400000LL;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %s %s %s %s GMT", days[day % 7], iso.substr(8, 2).c_str(),
                  months[std::atoi(iso.substr(5, 2).c_str()) - 1], iso.substr(0, 4).c_str(), iso.substr(11, 8).c_str());
    return buf;
}

// ------------------------------------------------------------------ batching

TEST(Batching, AFullBatchIsSentAtOnceAndTheRestWaitsForTheInterval) {
    Harness h;
    h.config.batchSize = 10;
    h.config.flushIntervalMs = 10000;
    h.start();
    for (int i = 0; i < 9; ++i) h.client->track("Step:" + std::to_string(i));  // + session_start = 10
    h.pump();
    ASSERT_EQ(1u, h.transport->count());
    EXPECT_EQ(10u, h.transport->last().events().array.size());
    h.transport->accept();
    h.client->track("Late");
    h.pump();
    EXPECT_EQ(1u, h.transport->count());
    h.advance(9999);
    EXPECT_EQ(1u, h.transport->count());
    h.advance(1);
    EXPECT_EQ(2u, h.transport->count());
}

TEST(Batching, BatchSizeIsCappedAtTheServersLimitOf500AndAFlushDrainsEverything) {
    Harness h;
    h.config.batchSize = 5000;
    h.start();
    for (int i = 0; i < 1200; ++i) h.client->track("Bulk");
    h.client->flush();
    h.pump();
    EXPECT_EQ(500u, h.transport->last().events().array.size());
    h.transport->accept();
    h.pump();
    EXPECT_EQ(500u, h.transport->last().events().array.size());
    h.transport->accept();
    h.pump();
    EXPECT_EQ(201u, h.transport->last().events().array.size());
    h.transport->accept();
    h.pump();
    EXPECT_EQ(3u, h.transport->count());
    EXPECT_EQ(1201, h.client->stats().accepted);
}

TEST(Batching, ARequestBodyStaysUnderOneMebibyteOfJson) {
    Harness h;
    h.config.batchSize = 500;
    h.start();
    const std::string big(8000, 'x');
    for (int i = 0; i < 300; ++i) h.client->error(ErrorSeverity::Info, big);
    h.client->flush();
    h.pump();
    const std::string json = h.transport->outstanding()->body();
    EXPECT_LE(json.size(), limits::kMaxRequestBytes);
    EXPECT_GT(json.size(), limits::kMaxRequestBytes - 9000);
    EXPECT_LT(h.transport->outstanding()->events().array.size(), 300u);
}

TEST(Batching, LargeBodiesAreGzippedSmallOnesAreNot) {
    Harness h;
    h.start();
    h.client->track("Small");
    h.client->flush();
    h.pump();
    EXPECT_EQ(nullptr, h.transport->outstanding()->request.header("Content-Encoding"));
    h.transport->accept();
    for (int i = 0; i < 20; ++i) h.client->track("Bigger:Batch");
    h.client->flush();
    h.pump();
    const auto* enc = h.transport->outstanding()->request.header("Content-Encoding");
    ASSERT_NE(nullptr, enc);
    EXPECT_EQ("gzip", *enc);
    EXPECT_EQ(20u, h.transport->outstanding()->events().array.size());
}

TEST(Batching, OneRequestAtATimeKeepsTheOrder) {
    Harness h;
    h.config.batchSize = 2;
    h.start();
    for (int i = 0; i < 7; ++i) h.client->track("Order:" + std::to_string(i));
    h.pump();
    EXPECT_EQ(1u, h.transport->count());
    std::vector<std::string> names;
    while (h.transport->outstanding()) {
        for (const auto& n : h.transport->outstanding()->names()) {
            if (n != "-") names.push_back(n);
        }
        h.transport->accept();
        h.client->flush();
        h.pump();
    }
    EXPECT_EQ((std::vector<std::string>{"Order:0", "Order:1", "Order:2", "Order:3", "Order:4", "Order:5", "Order:6"}), names);
}

TEST(Batching, EventsFromManyThreadsAreEachSentOnce) {
    Harness h;
    h.transport->autoRespond = FakeTransport::accepted;
    h.config.batchSize = 50;
    h.start();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&h] {
            for (int i = 0; i < 250; ++i) h.client->track("Thread:Event");
        });
    }
    for (int i = 0; i < 200; ++i) h.client->tick();
    for (auto& t : threads) t.join();
    h.client->flush();
    h.pump(60);
    std::set<std::string> ids;
    for (const auto& s : h.transport->all) {
        for (const auto& id : s->eventIds()) EXPECT_TRUE(ids.insert(id).second) << "sent twice: " << id;
    }
    EXPECT_EQ(1001u, ids.size());
}

// ------------------------------------------------------------------ delivery

struct Started {
    Harness h;
    explicit Started(double random = 0.5) {
        h.random->value = random;
        h.start();
        h.client->track("X");
        h.client->flush();
        h.pump();
    }
    /// Moves the clock until the next request goes out; returns how long that took.
    double waitForRetry(double limitMs = 4000000) {
        h.pump();
        const size_t before = h.transport->count();
        double waited = 0;
        while (h.transport->count() == before) {
            if (waited > limitMs) {
                ADD_FAILURE() << "no retry";
                return waited;
            }
            h.advance(10);
            waited += 10;
        }
        return waited;
    }
};

TEST(Delivery, BackoffDoublesWithJitterAndStopsAtTheMaximum) {
    for (double r : {0.0, 0.999}) {
        Started s(r);
        double step = 1000;
        for (int failure = 1; failure <= 9; ++failure) {
            s.h.transport->fail();
            const double waited = s.waitForRetry();
            const double expected = std::min(60000.0, step) * (0.5 + 0.5 * r);
            EXPECT_NEAR(expected, waited, 10) << "failure " << failure << " random " << r;
            step *= 2;
        }
    }
}

TEST(Delivery, RetryAfterIsHonouredAndCappedAtTenMinutes) {
    Started s;
    s.h.transport->respond(503, "{\"code\":\"KAFKA_UNAVAILABLE\"}", {{"Retry-After", "42"}});
    EXPECT_NEAR(42000, s.waitForRetry(), 10);
    s.h.transport->respond(429, "{\"code\":\"RATE_LIMITED\"}", {{"retry-after", "86400"}});
    EXPECT_NEAR(600000, s.waitForRetry(), 10);
    s.h.transport->respond(503, "", {{"Retry-After", httpDate(s.h.clock->unixMillis() + 30000)}});
    EXPECT_NEAR(30000, s.waitForRetry(), 1000);
}

TEST(Delivery, ServerErrorsTimeoutsAndTooEarlyAreRetriedWithTheSameEvents) {
    for (int status : {500, 502, 503, 504, 408, 425, 429}) {
        Started s;
        const auto first = s.h.transport->outstanding()->eventIds();
        s.h.transport->respond(status, "oops");
        s.waitForRetry();
        EXPECT_EQ(first, s.h.transport->outstanding()->eventIds()) << status;
        EXPECT_EQ(1, s.h.client->stats().failedRequests);
    }
}

TEST(Delivery, A400DropsTheBatchAndIsNeverRetried) {
    Started s;
    s.h.transport->respond(400, "{\"status\":400,\"code\":\"MALFORMED_JSON\",\"detail\":\"Unexpected token\"}");
    s.h.advance(3600000);
    EXPECT_EQ(1u, s.h.transport->count());
    EXPECT_EQ(2, s.h.client->stats().droppedBadRequest);
    EXPECT_EQ(0u, s.h.client->stats().queued);
    EXPECT_TRUE(s.h.logger->contains("MALFORMED_JSON: Unexpected token"));
}

TEST(Delivery, A401StopsSendingKeepsTheQueueAndTheNextStartSendsIt) {
    for (const char* code : {"KEY_MISSING", "KEY_MALFORMED", "KEY_BAD_CHECKSUM", "KEY_UNKNOWN", "KEY_REVOKED"}) {
        Started s;
        s.h.transport->respond(401, std::string("{\"code\":\"") + code + "\"}");
        s.h.client->track("Y");
        s.h.client->flush();
        s.h.advance(3600000);
        EXPECT_EQ(1u, s.h.transport->count()) << code;
        EXPECT_TRUE(s.h.client->stats().halted);
        EXPECT_EQ(3u, s.h.client->stats().queued);
        EXPECT_TRUE(s.h.logger->contains("Check the API key"));
        auto next = s.h.restart();
        next->pump();
        ASSERT_NE(nullptr, next->transport->outstanding());
        EXPECT_EQ(4u, next->transport->outstanding()->events().array.size()) << "with the session_end it closes";
    }
}

TEST(Delivery, A404MeansAWrongEndpointAndStopsSending) {
    Started s;
    s.h.transport->respond(404, "Not Found");
    s.h.advance(600000);
    EXPECT_EQ(1u, s.h.transport->count());
    EXPECT_TRUE(s.h.logger->contains("Check the endpoint"));
}

TEST(Delivery, A413HalvesTheBatchAndDropsAnEventTooLargeOnItsOwn) {
    Harness h;
    h.start();
    for (int i = 0; i < 7; ++i) h.client->track("T");
    h.client->flush();
    h.pump();
    for (size_t expected : {8u, 4u, 2u, 1u}) {
        ASSERT_EQ(expected, h.transport->outstanding()->events().array.size());
        h.transport->respond(413);
        h.pump();
    }
    EXPECT_EQ(1, h.client->stats().droppedTooLarge);
    EXPECT_EQ(1u, h.transport->outstanding()->events().array.size());
    while (h.transport->outstanding()) {
        h.transport->accept();
        h.pump();
    }
    EXPECT_EQ(7, h.client->stats().accepted);
    for (int i = 0; i < 5; ++i) h.client->track("Later");
    h.client->flush();
    h.pump();
    EXPECT_EQ(5u, h.transport->outstanding()->events().array.size()) << "the limit is restored once the queue was empty";
}

TEST(Delivery, RejectedEventsAreDroppedAndCounted) {
    Started s;
    s.h.transport->respond(202, "{\"accepted\":1,\"rejected\":[{\"index\":1,\"code\":\"EVENT_INVALID_FIELD\",\"message\":\"name\"}]}");
    s.h.advance(600000);
    EXPECT_EQ(1u, s.h.transport->count());
    EXPECT_EQ(1, s.h.client->stats().rejected);
    EXPECT_EQ(1, s.h.client->stats().accepted);
}

TEST(Delivery, AnUnreadable2xxBodyStillMeansDelivered) {
    Started s;
    s.h.transport->respond(200, "<html>ok</html>");
    s.h.advance(600000);
    EXPECT_EQ(0u, s.h.client->stats().queued);
}

TEST(Delivery, AnAnswerArrivingAfterTheClientIsGoneIsHarmless) {
    auto h = std::make_unique<Harness>();
    h->start();
    h->client->track("X");
    h->client->flush();
    h->pump();
    auto transport = h->transport;
    h->client.reset();
    transport->accept();  // the callback finds no client: nothing happens
    SUCCEED();
}

TEST(Delivery, TheSignatureIsHmacOfTimeAndBodyAndUsesTheServerClock) {
    Harness h;
    h.config.signingSecret = "s3cret";
    h.config.compress = false;
    h.start();
    h.client->track("Signed");
    h.client->flush();
    h.pump();
    auto* sent = h.transport->outstanding();
    const int64_t t = h.clock->unixMillis() / 1000;
    ASSERT_NE(nullptr, sent->request.header("X-Signature"));
    EXPECT_EQ(signatureHeader("s3cret", t, sent->request.body), *sent->request.header("X-Signature"));
    h.transport->respond(503, "", {{"Retry-After", "1"}, {"Date", httpDate(h.clock->unixMillis() + 7200000)}});
    h.pump();
    const size_t before = h.transport->count();
    while (h.transport->count() == before) h.advance(10);
    const std::string header = *h.transport->outstanding()->request.header("X-Signature");
    EXPECT_EQ(0u, header.find("t=" + std::to_string(h.clock->unixMillis() / 1000 + 7200) + ","));
}

struct SignedStarted {
    Harness h;
    SignedStarted() {
        h.config.signingSecret = "s3cret";
        h.config.compress = false;
        h.start();
        h.client->track("Signed");
        h.client->flush();
        h.pump();
    }
};

const char* const kExpired =
    "{\"code\":\"SIGNATURE_EXPIRED\",\"detail\":\"X-Signature's t is more than 300 s from the server's time\"}";

TEST(Delivery, AFirstSignatureExpiredIsSentAgainAtOnceOnTheServerClockAndASecondOneHalts) {
    SignedStarted s;
    Harness& h = s.h;
    const std::string firstBody = h.transport->outstanding()->request.body;
    // The device clock is 10 minutes ahead of the server's.
    h.transport->respond(401, kExpired, {{"Date", httpDate(h.clock->unixMillis() - 600000)}});
    h.pump();
    ASSERT_EQ(2u, h.transport->count()) << "sent again at once";
    const auto& second = h.transport->outstanding()->request;
    EXPECT_EQ(firstBody, second.body) << "the same batch";
    EXPECT_EQ(signatureHeader("s3cret", h.clock->unixMillis() / 1000 - 600, second.body), *second.header("X-Signature"));
    EXPECT_FALSE(h.client->stats().halted);
    EXPECT_TRUE(h.logger->contains("the device clock is 600 s off the server's"));
    h.transport->respond(401, kExpired, {{"Date", httpDate(h.clock->unixMillis() - 600000)}});
    h.client->flush();
    h.advance(600000);
    EXPECT_EQ(2u, h.transport->count()) << "a second SIGNATURE_EXPIRED in a row halts";
    EXPECT_TRUE(h.client->stats().halted);
    EXPECT_EQ(2u, h.client->stats().queued);
    EXPECT_TRUE(h.logger->contains("Check the device clock"));
    EXPECT_FALSE(h.logger->contains("Check the API key"));
}

TEST(Delivery, AResendThatSucceedsLeavesTheNextSignatureExpiredItsOwnResend) {
    SignedStarted s;
    Harness& h = s.h;
    h.transport->respond(401, kExpired, {{"Date", httpDate(h.clock->unixMillis() - 600000)}});
    h.pump();
    h.transport->accept();
    h.pump();
    EXPECT_EQ(0u, h.client->stats().queued);
    h.client->track("Later");
    h.client->flush();
    h.pump();
    // The server's clock moved (or the device's did): another first refusal, another resend.
    h.transport->respond(401, kExpired, {{"Date", httpDate(h.clock->unixMillis() + 900000)}});
    h.pump();
    ASSERT_EQ(4u, h.transport->count());
    const std::string header = *h.transport->outstanding()->request.header("X-Signature");
    EXPECT_EQ(0u, header.find("t=" + std::to_string(h.clock->unixMillis() / 1000 + 900) + ","));
    EXPECT_FALSE(h.client->stats().halted);
}

TEST(Delivery, ASignatureExpiredWithoutDateOrOtherSignatureRefusalsHaltWithSigningAdvice) {
    const std::pair<const char*, const char*> cases[] = {
        {"SIGNATURE_EXPIRED", "Check the device clock"},
        {"SIGNATURE_INVALID", "Check the signing secret"},
        {"SIGNATURE_MALFORMED", "Check the signing secret"},
        {"SIGNATURE_MISSING", "Check the signing secret"},
    };
    for (const auto& c : cases) {
        SignedStarted s;
        s.h.transport->respond(401, std::string("{\"code\":\"") + c.first + "\"}");
        s.h.pump();
        s.h.advance(600000);
        EXPECT_EQ(1u, s.h.transport->count()) << c.first << ": not sent again";
        EXPECT_TRUE(s.h.client->stats().halted) << c.first;
        EXPECT_TRUE(s.h.logger->contains(c.second)) << c.first << " advice";
        EXPECT_TRUE(s.h.logger->contains("with a working signing secret")) << c.first;
        EXPECT_FALSE(s.h.logger->contains("Check the API key")) << c.first;
    }
}

TEST(Delivery, TheRequestCarriesTheKeyAndJsonContentTypeAndNoSignatureByDefault) {
    Started s;
    const auto& r = s.h.transport->outstanding()->request;
    EXPECT_EQ(nullptr, r.header("X-Signature"));
    EXPECT_EQ(kValidKey, *r.header("x-api-key"));
    EXPECT_EQ("application/json", *r.header("Content-Type"));
    EXPECT_EQ(std::string(kEndpoint) + "/v1/events", r.url);
    EXPECT_EQ("POST", r.method);
}

// ------------------------------------------------------------------ sessions

TEST(Sessions, AnEventOutsideASessionStartsOne) {
    Harness h;
    h.start();
    EXPECT_EQ("", h.client->sessionId());
    h.client->track("First");
    EXPECT_NE("", h.client->sessionId());
    h.client->flush();
    h.pump();
    EXPECT_EQ((std::vector<std::string>{"session_start", "design"}), h.transport->outstanding()->types());
}

TEST(Sessions, EndSessionReportsActiveSecondsAndSendsAtOnce) {
    Harness h;
    h.config.flushIntervalMs = 3600000;
    h.start();
    h.client->startSession();
    h.advance(90499);
    EXPECT_TRUE(h.client->endSession());
    h.pump();
    const JsonValue events = h.transport->outstanding()->events();
    EXPECT_EQ("session_end", events.array[1].getString("type"));
    EXPECT_EQ(90, events.array[1].getNumber("durationSeconds"));
    EXPECT_FALSE(h.client->endSession());
}

TEST(Sessions, AShortPauseKeepsTheSessionAndPausedTimeDoesNotCount) {
    Harness h;
    h.config.flushIntervalMs = 3600000;
    h.start();
    h.client->startSession();
    const std::string id = h.client->sessionId();
    h.advance(20000);
    h.client->pause();
    h.pump();
    h.transport->accept();
    h.advance(59000);
    h.client->resume();
    EXPECT_EQ(id, h.client->sessionId());
    h.advance(10000);
    h.client->endSession();
    h.pump();
    EXPECT_EQ(30, h.transport->outstanding()->events().array[0].getNumber("durationSeconds"));
}

TEST(Sessions, ALongPauseEndsTheSessionWhenThePlayerLeftAndStartsANewOne) {
    Harness h;
    h.start();
    h.client->startSession();
    const std::string first = h.client->sessionId();
    h.advance(15000);
    const int64_t leftAt = h.clock->unixMillis();
    h.client->pause();
    h.pump();
    h.transport->accept();
    h.advance(3600000);
    h.client->resume();
    EXPECT_NE(first, h.client->sessionId());
    h.client->flush();
    h.pump();
    const JsonValue events = h.transport->outstanding()->events();
    EXPECT_EQ("session_end", events.array[0].getString("type"));
    EXPECT_EQ(first, events.array[0].getString("sessionId"));
    EXPECT_EQ(formatIsoTimestamp(leftAt), events.array[0].getString("timestamp"));
    EXPECT_EQ(15, events.array[0].getNumber("durationSeconds"));
    EXPECT_EQ("session_start", events.array[1].getString("type"));
    EXPECT_EQ(formatIsoTimestamp(h.clock->unixMillis()), events.array[1].getString("timestamp"));
}

TEST(Sessions, ThePauseGapIsMeasuredOnTheWallClock) {
    Harness h;
    h.start();
    h.client->startSession();
    const std::string first = h.client->sessionId();
    h.client->pause();
    h.clock->setUnix(h.clock->unixMillis() + 120000);  // asleep: wall clock moves, monotonic does not
    h.client->resume();
    EXPECT_NE(first, h.client->sessionId());
}

TEST(Sessions, StartSessionWhileOneIsActiveEndsItFirst) {
    Harness h;
    h.start();
    h.client->startSession();
    h.advance(5000);
    h.client->startSession();
    h.client->flush();
    h.pump();
    EXPECT_EQ((std::vector<std::string>{"session_start", "session_end", "session_start"}), h.transport->outstanding()->types());
}

TEST(Sessions, ASessionLeftOpenByAKilledRunIsClosedAtTheNextStartAsOfItsLastSave) {
    Harness h;
    h.start();
    h.client->startSession();
    const std::string id = h.client->sessionId();
    for (int i = 0; i < 25; ++i) h.advance(1000);  // saved every 10 s: last at 20 s
    const int64_t lastSave = h.clock->unixMillis() - 5000;
    auto next = h.restart();
    next->client->flush();
    next->pump();
    const JsonValue events = next->transport->outstanding()->events();
    const JsonValue* end = nullptr;
    for (const auto& e : events.array) {
        if (e.getString("type") == "session_end") end = &e;
    }
    ASSERT_NE(nullptr, end);
    EXPECT_EQ(id, end->getString("sessionId"));
    EXPECT_EQ(formatIsoTimestamp(lastSave), end->getString("timestamp"));
    EXPECT_EQ(20, end->getNumber("durationSeconds"));
    EXPECT_FALSE(next->storage->exists(TelemetryClient::kSessionFile));
}

TEST(Sessions, ACleanEndLeavesNothingToRecover) {
    Harness h;
    h.start();
    h.client->startSession();
    h.client->endSession();
    h.pump();
    h.transport->accept();
    h.pump();
    h.client->shutdown();
    auto next = h.restart();
    next->advance(60000);
    EXPECT_EQ(0u, next->transport->count());
}

// ------------------------------------------------------------------ time budget

TEST(TimeBudget, ATickStopsWhenTheBudgetIsSpentAndLaterTicksFinish) {
    Harness h;
    h.config.frameBudgetMs = 2;
    h.config.batchSize = 500;
    h.storage->clock = h.clock;
    h.storage->millisPerAppend = 1;
    h.start();
    for (int i = 0; i < 3000; ++i) h.client->track("Burst:" + std::to_string(i), i);
    int ticks = 0;
    while (h.transport->count() == 0) {
        const double before = h.clock->monotonicMillis();
        h.client->tick();
        EXPECT_LE(h.clock->monotonicMillis() - before, 2.0) << "tick " << ticks;
        ASSERT_LT(++ticks, 100);
    }
    EXPECT_GT(ticks, 5);
    EXPECT_FALSE(h.client->queueForTests()->hasPendingWrites());
}

TEST(TimeBudget, CompactionIsSpreadOverFramesToo) {
    Harness h;
    h.config.frameBudgetMs = 2;
    h.start();
    for (int i = 0; i < 2000; ++i) h.client->track("Queued:" + std::to_string(i));
    h.pump(50);
    h.storage->clock = h.clock;
    h.storage->millisPerAppend = 1;
    h.client->queueForTests()->requestCompaction();
    int ticks = 0;
    while (h.client->queueForTests()->needsCompaction() || h.client->queueForTests()->compacting()) {
        const double before = h.clock->monotonicMillis();
        h.client->tick();
        EXPECT_LE(h.clock->monotonicMillis() - before, 3.0);
        ASSERT_LT(++ticks, 100);
    }
    EXPECT_GT(ticks, 2);
    h.storage->clock = nullptr;
    auto next = h.restart();
    EXPECT_EQ(2002u, next->client->stats().queued);
}

TEST(TimeBudget, TrackingIsCheapAndNeverTouchesTheDiskOrTheNetwork) {
    Harness h;
    h.start();
    h.client->track("Warm");
    const int appends = h.storage->appends;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10000; ++i) h.client->track("Hot:Loop", i, {{"i", i}, {"name", "x"}});
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(appends, h.storage->appends);
    EXPECT_EQ(0u, h.transport->count());
    EXPECT_LT(ms / 10000, 2.0);  // generous for a loaded CI machine: the point is that no call waits on I/O
}

// ------------------------------------------------------------------ configuration

TEST(Configuration, AMistypedKeyIsRefusedAtInit) {
    Harness h;
    h.config.apiKey = std::string(kValidKey).substr(0, std::string(kValidKey).size() - 1) + "X";
    h.start();
    EXPECT_FALSE(h.client->enabled());
    EXPECT_NE(std::string::npos, h.client->initError().find("KEY_BAD_CHECKSUM"));
    EXPECT_FALSE(h.client->track("A"));
    h.client->tick();
    EXPECT_TRUE(h.logger->contains("not started"));
}

TEST(Configuration, AMalformedKeyOrEndpointIsRefused) {
    for (const auto& mutate : std::vector<std::function<void(Config&)>>{
             [](Config& c) { c.apiKey = "my-key"; },
             [](Config& c) { c.endpoint = "ingest.example.com"; },
             [](Config& c) { c.endpoint = "ftp://ingest.example.com"; },
             [](Config& c) { c.appVersion = std::string(33, '1'); },
         }) {
        Harness h;
        mutate(h.config);
        h.start();
        EXPECT_FALSE(h.client->enabled());
    }
}

TEST(Configuration, RefusedCallsAreCountedAndUseNoIds) {
    Harness h;
    h.start();
    h.client->startSession();
    const int ids = h.ids->used;
    EXPECT_FALSE(h.client->track("Bad Name"));
    EXPECT_FALSE(h.client->track("A", std::nan("")));
    EXPECT_FALSE(h.client->purchase("EUR", -1, "gem"));
    EXPECT_FALSE(h.client->error(ErrorSeverity::Error, ""));
    EXPECT_FALSE(h.client->progression(ProgressionStatus::Start, "L", std::nullopt, 0));
    EXPECT_EQ(ids, h.ids->used);
    EXPECT_EQ(5, h.client->stats().refused);
}

TEST(Configuration, AnEventOver16KiBIsRefused) {
    Harness h;
    h.start();
    Properties props;
    std::string emoji;
    for (int i = 0; i < 100; ++i) emoji += "\xF0\x9F\x98\x80";
    for (int i = 0; i < 50; ++i) props.emplace_back("k" + std::to_string(i), emoji);
    EXPECT_FALSE(h.client->track("Huge", std::nullopt, props));
    EXPECT_NE(std::string::npos, h.client->stats().lastError.find("16384"));
}

TEST(Configuration, FloatsAreSentAsTheirShortestDecimal) {
    Harness h;
    h.config.compress = false;
    h.start();
    h.client->track("Float", PropertyValue(0.1f).number(), {{"speed", 1.1f}, {"ratio", 0.3}, {"count", 7}, {"big", 12345678901LL}});
    h.client->flush();
    h.pump();
    const std::string body = h.transport->outstanding()->body();
    EXPECT_NE(std::string::npos, body.find("\"properties\":{\"speed\":1.1,\"ratio\":0.3,\"count\":7,\"big\":12345678901}")) << body;
    EXPECT_NE(std::string::npos, body.find("\"value\":0.1}")) << body;
}

TEST(Configuration, InvalidUtf8IsReplacedNotSent) {
    Harness h;
    h.config.compress = false;
    h.start();
    h.client->error(ErrorSeverity::Error, std::string("bad \xC3\x28 byte"));
    h.client->flush();
    h.pump();
    EXPECT_NE(std::string::npos, h.transport->outstanding()->body().find("bad \xEF\xBF\xBD( byte"));
}

TEST(Configuration, ThePlayerIdIsMadeOnceAndKept) {
    Harness h;
    h.config.playerId = "";
    h.start();
    const std::string id = h.client->playerId();
    EXPECT_EQ(36u, id.size());
    h.client->shutdown();
    auto next = h.restart();
    EXPECT_EQ(id, next->client->playerId());
}

TEST(Ids, RandomIdsAreLowercaseUuidV4) {
    RandomIdGenerator g;
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = g.nextId();
        ASSERT_EQ(36u, id.size());
        EXPECT_EQ('4', id[14]);
        EXPECT_NE(std::string::npos, std::string("89ab").find(id[19]));
        for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-');
        EXPECT_TRUE(seen.insert(id).second);
    }
}

}  // namespace
}  // namespace test
}  // namespace gt
