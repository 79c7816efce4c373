// Storage implementations of the core: files through the C library (desktop, servers, tests)
// and memory (no writable disk, tests). The Unreal plugin uses IPlatformFile instead.
#pragma once

#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "GameTelemetryCore/GtInterfaces.h"

namespace gt {

class FileStorage : public Storage {
public:
    /// Creates `directory` (and its parents) when missing; ok() says whether that worked.
    explicit FileStorage(std::string directory);
    ~FileStorage() override;
    FileStorage(const FileStorage&) = delete;
    FileStorage& operator=(const FileStorage&) = delete;

    bool ok() const { return ok_; }
    const std::string& directory() const { return directory_; }

    bool read(const std::string& name, std::string& out) override;
    bool append(const std::string& name, const char* data, size_t size, bool sync) override;
    bool write(const std::string& name, const std::string& data, bool sync) override;
    bool replace(const std::string& source, const std::string& destination) override;
    bool remove(const std::string& name) override;
    bool exists(const std::string& name) override;

private:
    std::string pathOf(const std::string& name) const;
    void closeLocked(const std::string& name);

    std::string directory_;
    bool ok_ = false;
    std::mutex mutex_;
    std::map<std::string, std::FILE*> appenders_;
};

class MemoryStorage : public Storage {
public:
    bool read(const std::string& name, std::string& out) override;
    bool append(const std::string& name, const char* data, size_t size, bool sync) override;
    bool write(const std::string& name, const std::string& data, bool sync) override;
    bool replace(const std::string& source, const std::string& destination) override;
    bool remove(const std::string& name) override;
    bool exists(const std::string& name) override;
    std::vector<std::string> names();

protected:
    std::mutex mutex_;
    std::map<std::string, std::string> files_;
};

}  // namespace gt
