#include "CurlTransport.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace gt {
namespace detail_curl {

size_t onBody(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    std::string line(data, size * count);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
        static_cast<Headers*>(user)->emplace_back(name, value);
    } else if (line.rfind("HTTP/", 0) == 0) {
        // A new response (after a 100 Continue or a redirect): forget the previous headers.
        static_cast<Headers*>(user)->clear();
    }
    return size * count;
}

HttpResponse perform(const HttpRequest& request) {
    CURL* curl = curl_easy_init();
    if (!curl) return HttpResponse::failed("curl_easy_init failed");
    HttpResponse response;
    struct curl_slist* headers = nullptr;
    for (const auto& h : request.headers) headers = curl_slist_append(headers, (h.first + ": " + h.second).c_str());
    // libcurl would otherwise add "Expect: 100-continue" to larger bodies.
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        response = HttpResponse::failed(curl_easy_strerror(code));
    } else {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        response.status = static_cast<int>(status);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return response;
}

std::once_flag globalInit;

}  // namespace detail_curl

CurlTransport::CurlTransport() : running_(std::make_shared<std::atomic<int>>(0)) {
    std::call_once(detail_curl::globalInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlTransport::~CurlTransport() {
    waitIdle(5000);
}

void CurlTransport::send(HttpRequest request, std::function<void(HttpResponse)> done) {
    auto running = running_;
    running->fetch_add(1);
    std::thread([request = std::move(request), done = std::move(done), running]() {
        HttpResponse response = detail_curl::perform(request);
        done(std::move(response));
        running->fetch_sub(1);
    }).detach();
}

bool CurlTransport::waitIdle(int timeoutMs) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (running_->load() > 0) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace gt
