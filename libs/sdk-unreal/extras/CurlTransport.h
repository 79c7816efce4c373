// An HttpTransport on libcurl, for C++ programs outside Unreal (dedicated servers, tools) and
// for this repository's integration tests. Each request runs on a short-lived thread, so
// send() never blocks the caller; the answer reaches the client at its next tick().
#pragma once

#include <atomic>
#include <memory>

#include "GameTelemetryCore/GtInterfaces.h"

namespace gt {

class CurlTransport : public HttpTransport {
public:
    CurlTransport();
    ~CurlTransport() override;
    void send(HttpRequest request, std::function<void(HttpResponse)> done) override;
    /// Waits until no request is running (at most timeoutMs); true when idle.
    bool waitIdle(int timeoutMs);

private:
    std::shared_ptr<std::atomic<int>> running_;
};

}  // namespace gt
