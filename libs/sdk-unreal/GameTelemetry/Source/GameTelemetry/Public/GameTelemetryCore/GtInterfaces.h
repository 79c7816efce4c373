// The seams of the portable core: clock, ids, jitter, logging, HTTP, files and compression.
// The Unreal plugin supplies engine implementations; tests supply fakes; plain C++ programs can
// use the defaults (SystemClock, RandomIdGenerator, FileStorage) and bring an HTTP transport.
//
// The core is C++17 without exceptions or RTTI (Unreal builds modules without them), so every
// operation that can fail reports it with its return value.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace gt {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

class Clock {
public:
    virtual ~Clock() = default;
    /// Wall-clock time: event timestamps, the pause gap, request signatures.
    virtual int64_t unixMillis() = 0;
    /// A monotonic millisecond counter: intervals, backoff, the per-frame time budget.
    virtual double monotonicMillis() = 0;
};

class SystemClock : public Clock {
public:
    int64_t unixMillis() override;
    double monotonicMillis() override;
};

/// Makes session and event ids: lowercase UUID v4.
class IdGenerator {
public:
    virtual ~IdGenerator() = default;
    virtual std::string nextId() = 0;
};

/// UUID v4 from a 64-bit generator seeded from std::random_device and the clock.
class RandomIdGenerator : public IdGenerator {
public:
    RandomIdGenerator();
    std::string nextId() override;

private:
    uint64_t state_[2];
};

/// A number in [0, 1) for backoff jitter.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    virtual double nextDouble() = 0;
};

class SystemRandomSource : public RandomSource {
public:
    SystemRandomSource();
    double nextDouble() override;

private:
    uint64_t state_;
};

class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, const std::string& message) = 0;
};

class NullLogger : public Logger {
public:
    void log(LogLevel, const std::string&) override {}
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    Headers headers;
    std::string body;
    int timeoutMs = 30000;

    /// The value of a header (case-insensitive name), or nullptr.
    const std::string* header(const std::string& name) const;
};

struct HttpResponse {
    /// HTTP status, or 0 when there was no answer (see networkError).
    int status = 0;
    /// DNS, connection, TLS or timeout failure: no HTTP answer at all.
    bool networkError = false;
    std::string errorMessage;
    Headers headers;
    std::string body;

    const std::string* header(const std::string& name) const;

    static HttpResponse failed(std::string message) {
        HttpResponse r;
        r.networkError = true;
        r.errorMessage = std::move(message);
        return r;
    }
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    /// Sends the request and calls `done` exactly once, on any thread, possibly before send
    /// returns. Network problems are reported as HttpResponse::failed, never by crashing.
    virtual void send(HttpRequest request, std::function<void(HttpResponse)> done) = 0;
};

/// Files named relative to one directory. The queue relies on: appended bytes are in the OS
/// when append returns (a killed app keeps them), `sync` puts them on the device, and replace
/// swaps a file in one step where the platform can (otherwise the queue recovers, see EventQueue).
class Storage {
public:
    virtual ~Storage() = default;
    /// The whole file into `out`; false when it does not exist or cannot be read.
    virtual bool read(const std::string& name, std::string& out) = 0;
    virtual bool append(const std::string& name, const char* data, size_t size, bool sync) = 0;
    /// Creates or truncates the file and writes `data`.
    virtual bool write(const std::string& name, const std::string& data, bool sync) = 0;
    /// Renames `source` to `destination`, replacing it.
    virtual bool replace(const std::string& source, const std::string& destination) = 0;
    /// Deletes the file; true when it is gone (also when it never existed).
    virtual bool remove(const std::string& name) = 0;
    virtual bool exists(const std::string& name) = 0;
};

/// gzip for request bodies (Content-Encoding: gzip); optional.
class Compressor {
public:
    virtual ~Compressor() = default;
    virtual bool gzip(const std::string& input, std::string& output) = 0;
};

}  // namespace gt
