// Default implementations of the seams: system clock, random ids and jitter, files, memory.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "GameTelemetryCore/GtInterfaces.h"
#include "GameTelemetryCore/GtStorage.h"

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace gt {
namespace detail_platform {

bool sameHeaderName(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

const std::string* findHeader(const Headers& headers, const std::string& name) {
    for (const auto& h : headers) {
        if (sameHeaderName(h.first, name)) return &h.second;
    }
    return nullptr;
}

// xorshift128+: fast, and seeded from std::random_device; ids need uniqueness, not secrecy.
uint64_t next(uint64_t s[2]) {
    uint64_t s1 = s[0];
    const uint64_t s0 = s[1];
    s[0] = s0;
    s1 ^= s1 << 23;
    s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return s[1] + s0;
}

uint64_t seed() {
    std::random_device device;
    const uint64_t hi = static_cast<uint64_t>(device()) << 32;
    const uint64_t lo = static_cast<uint64_t>(device());
    const uint64_t t = static_cast<uint64_t>(std::chrono::high_resolution_clock::now().time_since_epoch().count());
    return (hi | lo) ^ (t * 0x9E3779B97F4A7C15ull);
}

bool syncFile(std::FILE* f) {
#if defined(_WIN32)
    return _commit(_fileno(f)) == 0;
#else
    return fsync(fileno(f)) == 0;
#endif
}

}  // namespace detail_platform

const std::string* HttpRequest::header(const std::string& name) const {
    return detail_platform::findHeader(headers, name);
}

const std::string* HttpResponse::header(const std::string& name) const {
    return detail_platform::findHeader(headers, name);
}

int64_t SystemClock::unixMillis() {
    return static_cast<int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

double SystemClock::monotonicMillis() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

RandomIdGenerator::RandomIdGenerator() {
    state_[0] = detail_platform::seed() | 1u;
    state_[1] = detail_platform::seed() ^ 0x5DEECE66Dull;
}

std::string RandomIdGenerator::nextId() {
    uint64_t a = detail_platform::next(state_);
    uint64_t b = detail_platform::next(state_);
    // Version 4, RFC 4122 variant.
    a = (a & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
    b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                  static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
    return buf;
}

SystemRandomSource::SystemRandomSource() : state_(detail_platform::seed() | 1u) {}

double SystemRandomSource::nextDouble() {
    // splitmix64, top 53 bits as a fraction.
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / 9007199254740992.0;
}

// ------------------------------------------------------------------ FileStorage

FileStorage::FileStorage(std::string directory) : directory_(std::move(directory)) {
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    ok_ = std::filesystem::is_directory(directory_, ec);
}

FileStorage::~FileStorage() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& a : appenders_) std::fclose(a.second);
    appenders_.clear();
}

std::string FileStorage::pathOf(const std::string& name) const {
    return directory_ + "/" + name;
}

void FileStorage::closeLocked(const std::string& name) {
    auto it = appenders_.find(name);
    if (it != appenders_.end()) {
        std::fclose(it->second);
        appenders_.erase(it);
    }
}

bool FileStorage::read(const std::string& name, std::string& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = appenders_.find(name);
    if (it != appenders_.end()) std::fflush(it->second);
    std::FILE* f = std::fopen(pathOf(name).c_str(), "rb");
    if (!f) return false;
    out.clear();
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    const bool good = !std::ferror(f);
    std::fclose(f);
    return good;
}

bool FileStorage::append(const std::string& name, const char* data, size_t size, bool sync) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::FILE* f;
    auto it = appenders_.find(name);
    if (it == appenders_.end()) {
        f = std::fopen(pathOf(name).c_str(), "ab");
        if (!f) return false;
        appenders_[name] = f;
    } else {
        f = it->second;
    }
    // fflush hands the bytes to the OS: enough to survive the app being killed.
    const bool good = std::fwrite(data, 1, size, f) == size && std::fflush(f) == 0 && (!sync || detail_platform::syncFile(f));
    if (!good) closeLocked(name);
    return good;
}

bool FileStorage::write(const std::string& name, const std::string& data, bool sync) {
    std::lock_guard<std::mutex> lock(mutex_);
    closeLocked(name);
    std::FILE* f = std::fopen(pathOf(name).c_str(), "wb");
    if (!f) return false;
    bool good = std::fwrite(data.data(), 1, data.size(), f) == data.size() && std::fflush(f) == 0;
    if (good && sync) good = detail_platform::syncFile(f);
    return std::fclose(f) == 0 && good;
}

bool FileStorage::replace(const std::string& source, const std::string& destination) {
    std::lock_guard<std::mutex> lock(mutex_);
    closeLocked(source);
    closeLocked(destination);
#if defined(_WIN32)
    // rename() does not replace on Windows. The queue reader recovers from the moment between
    // these two calls (a missing journal with a complete .tmp).
    std::remove(pathOf(destination).c_str());
#endif
    // rename(2) replaces the destination atomically on POSIX.
    return std::rename(pathOf(source).c_str(), pathOf(destination).c_str()) == 0;
}

bool FileStorage::remove(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    closeLocked(name);
    if (std::remove(pathOf(name).c_str()) == 0) return true;
    return errno == ENOENT;
}

bool FileStorage::exists(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::error_code ec;
    return std::filesystem::exists(pathOf(name), ec);
}

// ------------------------------------------------------------------ MemoryStorage

bool MemoryStorage::read(const std::string& name, std::string& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(name);
    if (it == files_.end()) return false;
    out = it->second;
    return true;
}

bool MemoryStorage::append(const std::string& name, const char* data, size_t size, bool) {
    std::lock_guard<std::mutex> lock(mutex_);
    files_[name].append(data, size);
    return true;
}

bool MemoryStorage::write(const std::string& name, const std::string& data, bool) {
    std::lock_guard<std::mutex> lock(mutex_);
    files_[name] = data;
    return true;
}

bool MemoryStorage::replace(const std::string& source, const std::string& destination) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(source);
    if (it == files_.end()) return false;
    std::string data = std::move(it->second);
    files_.erase(it);
    files_[destination] = std::move(data);
    return true;
}

bool MemoryStorage::remove(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    files_.erase(name);
    return true;
}

bool MemoryStorage::exists(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    return files_.count(name) > 0;
}

std::vector<std::string> MemoryStorage::names() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    for (const auto& f : files_) out.push_back(f.first);
    return out;
}

}  // namespace gt
