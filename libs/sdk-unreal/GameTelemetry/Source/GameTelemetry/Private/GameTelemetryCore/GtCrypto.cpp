#include "GameTelemetryCore/GtCrypto.h"

#include <cstring>

namespace gt {
namespace detail_crypto {

struct CrcTable {
    uint32_t entries[256];
    CrcTable() {
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            entries[n] = c;
        }
    }
};

const CrcTable& crcTable() {
    static const CrcTable table;
    return table;
}

const uint32_t kSha256K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void sha256Block(uint32_t h[8], const unsigned char* block) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
        w[i] = (static_cast<uint32_t>(block[i * 4]) << 24) | (static_cast<uint32_t>(block[i * 4 + 1]) << 16) |
               (static_cast<uint32_t>(block[i * 4 + 2]) << 8) | static_cast<uint32_t>(block[i * 4 + 3]);
    }
    for (int i = 16; i < 64; ++i) {
        const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
        const uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const uint32_t ch = (e & f) ^ (~e & g);
        const uint32_t t1 = hh + s1 + ch + kSha256K[i] + w[i];
        const uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        const uint32_t t2 = s0 + maj;
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

const char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool isBase62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace detail_crypto

uint32_t crc32(const char* data, size_t size) {
    const auto& table = detail_crypto::crcTable().entries;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; ++i) c = table[(c ^ static_cast<unsigned char>(data[i])) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string sha256(const std::string& data) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const size_t n = data.size();
    const unsigned char* bytes = reinterpret_cast<const unsigned char*>(data.data());
    size_t i = 0;
    for (; i + 64 <= n; i += 64) detail_crypto::sha256Block(h, bytes + i);
    unsigned char tail[128];
    std::memset(tail, 0, sizeof tail);
    const size_t rest = n - i;
    if (rest > 0) std::memcpy(tail, bytes + i, rest);
    tail[rest] = 0x80;
    const size_t tailLength = rest + 1 + 8 <= 64 ? 64 : 128;
    const uint64_t bits = static_cast<uint64_t>(n) * 8u;
    for (int k = 0; k < 8; ++k) tail[tailLength - 1 - static_cast<size_t>(k)] = static_cast<unsigned char>(bits >> (8 * k));
    detail_crypto::sha256Block(h, tail);
    if (tailLength == 128) detail_crypto::sha256Block(h, tail + 64);
    std::string out(32, '\0');
    for (int k = 0; k < 8; ++k) {
        out[static_cast<size_t>(k * 4)] = static_cast<char>(h[k] >> 24);
        out[static_cast<size_t>(k * 4 + 1)] = static_cast<char>(h[k] >> 16);
        out[static_cast<size_t>(k * 4 + 2)] = static_cast<char>(h[k] >> 8);
        out[static_cast<size_t>(k * 4 + 3)] = static_cast<char>(h[k]);
    }
    return out;
}

std::string hmacSha256(const std::string& key, const std::string& message) {
    std::string k = key.size() > 64 ? sha256(key) : key;
    k.resize(64, '\0');
    std::string inner(64, '\0');
    std::string outer(64, '\0');
    for (size_t i = 0; i < 64; ++i) {
        inner[i] = static_cast<char>(k[i] ^ 0x36);
        outer[i] = static_cast<char>(k[i] ^ 0x5c);
    }
    return sha256(outer + sha256(inner + message));
}

std::string toHex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        const unsigned char b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

std::string signatureHeader(const std::string& secret, int64_t unixSeconds, const std::string& body) {
    const std::string t = std::to_string(static_cast<long long>(unixSeconds));
    return "t=" + t + ",v1=" + toHex(hmacSha256(secret, t + "." + body));
}

const char* checkApiKey(const std::string& key) {
    static const std::string prefix = "gtk_live_";
    if (key.size() != prefix.size() + 32 + 1 + 6 || key.compare(0, prefix.size(), prefix) != 0) return "KEY_MALFORMED";
    for (size_t i = prefix.size(); i < key.size(); ++i) {
        if (i == prefix.size() + 32) {
            if (key[i] != '_') return "KEY_MALFORMED";
            continue;
        }
        if (!detail_crypto::isBase62(key[i])) return "KEY_MALFORMED";
    }
    uint32_t n = crc32(key.data(), prefix.size() + 32);
    char checksum[6];
    for (int i = 5; i >= 0; --i) {
        checksum[i] = detail_crypto::kBase62[n % 62];
        n /= 62;
    }
    return key.compare(prefix.size() + 33, 6, checksum, 6) == 0 ? nullptr : "KEY_BAD_CHECKSUM";
}

std::string keyDisplayPrefix(const std::string& key) {
    return key.size() <= 12 ? key : key.substr(0, 12) + "...";
}

}  // namespace gt
