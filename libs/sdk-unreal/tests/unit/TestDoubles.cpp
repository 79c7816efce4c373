#include "TestDoubles.h"

#include <zlib.h>

#include "ZlibCompressor.h"

namespace gt {
namespace test {

std::string jsonOf(const HttpRequest& request) {
    const std::string* encoding = request.header("Content-Encoding");
    if (!encoding || *encoding != "gzip") return request.body;
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::string();
    std::string out;
    char buf[65536];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(request.body.data()));
    zs.avail_in = static_cast<uInt>(request.body.size());
    int result;
    do {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        result = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
    } while (result == Z_OK);
    inflateEnd(&zs);
    return out;
}

JsonValue FakeTransport::Sent::events() const {
    JsonValue v;
    std::string error;
    EXPECT_TRUE(JsonValue::parse(body(), v, &error)) << error;
    const JsonValue* e = v.get("events");
    return e ? *e : JsonValue();
}

std::vector<std::string> FakeTransport::Sent::types() const {
    std::vector<std::string> out;
    for (const auto& e : events().array) out.push_back(e.getString("type"));
    return out;
}

std::vector<std::string> FakeTransport::Sent::eventIds() const {
    std::vector<std::string> out;
    for (const auto& e : events().array) out.push_back(e.getString("eventId"));
    return out;
}

std::vector<std::string> FakeTransport::Sent::names() const {
    std::vector<std::string> out;
    for (const auto& e : events().array) out.push_back(e.getString("name", "-"));
    return out;
}

void FakeTransport::send(HttpRequest request, std::function<void(HttpResponse)> done) {
    Sent* s;
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        all.push_back(std::make_unique<Sent>());
        s = all.back().get();
        s->request = std::move(request);
        s->done = std::move(done);
    }
    if (autoRespond) {
        s->answered = true;
        s->done(autoRespond(s->request));
    }
}

FakeTransport::Sent* FakeTransport::outstanding() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    for (auto& s : all) {
        if (!s->answered) return s.get();
    }
    return nullptr;
}

void FakeTransport::respond(int status, const std::string& body, Headers headers) {
    Sent* s = outstanding();
    if (!s) {
        ADD_FAILURE() << "no request to answer";
        return;
    }
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    s->answered = true;
    s->done(r);
}

void FakeTransport::accept() {
    Sent* s = outstanding();
    if (!s) {
        ADD_FAILURE() << "no request to answer";
        return;
    }
    s->answered = true;
    s->done(accepted(s->request));
}

void FakeTransport::fail(const std::string& message) {
    Sent* s = outstanding();
    if (!s) {
        ADD_FAILURE() << "no request to answer";
        return;
    }
    s->answered = true;
    s->done(HttpResponse::failed(message));
}

HttpResponse FakeTransport::accepted(const HttpRequest& request) {
    JsonValue v;
    JsonValue::parse(jsonOf(request), v);
    const JsonValue* events = v.get("events");
    HttpResponse r;
    r.status = 202;
    r.body = "{\"accepted\":" + std::to_string(events ? events->array.size() : 0) + ",\"rejected\":[]}";
    return r;
}

bool FaultyStorage::read(const std::string& name, std::string& out) {
    return MemoryStorage::read(name, out);
}

bool FaultyStorage::append(const std::string& name, const char* data, size_t size, bool sync) {
    if (dead) return false;
    if (failWrites) return false;
    ++appends;
    if (clock) clock->advance(millisPerAppend);
    if (crashDuringAppend && crashDuringAppend(name)) {
        // Half of the bytes reach the file: the process died in the middle of a write.
        MemoryStorage::append(name, data, size / 2, false);
        dead = true;
        crashed = true;
        return false;
    }
    return MemoryStorage::append(name, data, size, sync);
}

bool FaultyStorage::write(const std::string& name, const std::string& data, bool sync) {
    if (dead || failWrites) return false;
    return MemoryStorage::write(name, data, sync);
}

bool FaultyStorage::replace(const std::string& source, const std::string& destination) {
    if (dead) return false;
    if (crashBeforeReplace && crashBeforeReplace(source, destination)) {
        dead = true;
        crashed = true;
        return false;
    }
    return MemoryStorage::replace(source, destination);
}

bool FaultyStorage::remove(const std::string& name) {
    if (dead) return false;
    return MemoryStorage::remove(name);
}

std::string FaultyStorage::text(const std::string& name) {
    std::string out;
    MemoryStorage::read(name, out);
    return out;
}

void FaultyStorage::setText(const std::string& name, const std::string& t) {
    MemoryStorage::write(name, t, false);
}

Config testConfig() {
    Config c;
    c.apiKey = kValidKey;
    c.endpoint = kEndpoint;
    c.playerId = "player-1";
    c.appVersion = "1.0.0";
    c.sdkName = "gametelemetry-tests";
    c.sdkVersion = "0.0.0";
    return c;
}

Harness::Harness() : compressor(std::make_shared<ZlibCompressor>()) {}

Harness& Harness::start() {
    Services s;
    s.clock = clock;
    s.ids = ids;
    s.random = random;
    s.storage = storage;
    s.logger = logger;
    s.compressor = compressor;
    client = std::make_unique<TelemetryClient>(config, transport, s);
    return *this;
}

std::unique_ptr<Harness> Harness::restart() {
    // Killed: the old client goes without writing anything more (its destructor finds the disk dead).
    storage->dead = true;
    client.reset();
    auto next = std::make_unique<Harness>();
    storage->revive();
    next->storage = storage;
    next->config = config;
    next->clock->setUnix(clock->unixMillis());
    next->start();
    return next;
}

void Harness::pump(int ticks) {
    for (int i = 0; i < ticks; ++i) client->tick();
}

void Harness::advance(double ms) {
    clock->advance(ms);
    pump();
}

}  // namespace test
}  // namespace gt
