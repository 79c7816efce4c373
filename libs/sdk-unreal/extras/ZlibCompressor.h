// gzip for request bodies with zlib, for C++ programs outside Unreal (the plugin uses FCompression).
#pragma once

#include "GameTelemetryCore/GtInterfaces.h"

namespace gt {

class ZlibCompressor : public Compressor {
public:
    bool gzip(const std::string& input, std::string& output) override;
};

}  // namespace gt
