// Checksums and the request signature, in plain C++ (no OpenSSL, no engine): CRC-32 as zlib
// computes it (API key checksums, queue records), SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104).
#pragma once

#include <cstdint>
#include <string>

namespace gt {

uint32_t crc32(const char* data, size_t size);
inline uint32_t crc32(const std::string& s) { return crc32(s.data(), s.size()); }

/// 32 raw bytes.
std::string sha256(const std::string& data);
/// 32 raw bytes.
std::string hmacSha256(const std::string& key, const std::string& message);
std::string toHex(const std::string& bytes);

/// The X-Signature value: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>, the body
/// being the JSON as sent, before any Content-Encoding.
std::string signatureHeader(const std::string& secret, int64_t unixSeconds, const std::string& body);

/// Checks a game-client key, gtk_live_<32 base62>_<6 base62 CRC-32 checksum>: returns nullptr
/// when well formed, otherwise "KEY_MALFORMED" or "KEY_BAD_CHECKSUM".
const char* checkApiKey(const std::string& key);
/// The first 12 characters of a key: enough to tell keys apart in logs.
std::string keyDisplayPrefix(const std::string& key);

}  // namespace gt
