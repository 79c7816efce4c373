#include "ZlibCompressor.h"

#include <zlib.h>

namespace gt {

bool ZlibCompressor::gzip(const std::string& input, std::string& output) {
    z_stream zs{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    output.resize(deflateBound(&zs, static_cast<uLong>(input.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs.avail_in = static_cast<uInt>(input.size());
    zs.next_out = reinterpret_cast<Bytef*>(&output[0]);
    zs.avail_out = static_cast<uInt>(output.size());
    const int result = deflate(&zs, Z_FINISH);
    output.resize(zs.total_out);
    deflateEnd(&zs);
    return result == Z_STREAM_END;
}

}  // namespace gt
