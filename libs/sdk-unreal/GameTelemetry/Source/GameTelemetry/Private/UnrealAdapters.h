// The engine side of the core's seams: Unreal's HTTP module, IPlatformFile, FCompression and
// the Output Log. Strings cross the boundary as UTF-8.
#pragma once

#include "CoreMinimal.h"
#include "GameTelemetryCore/GtInterfaces.h"

#include <string>

namespace GameTelemetryUnreal
{
std::string ToUtf8(const FString& Text);
FString FromUtf8(const std::string& Text);

/** FHttpModule requests; completions arrive on the game thread and reach the client at its next tick. */
class FUnrealHttpTransport : public gt::HttpTransport
{
public:
	virtual void send(gt::HttpRequest Request, std::function<void(gt::HttpResponse)> Done) override;
};

/** Files under one directory through IPlatformFile (works where std::fopen paths do not, e.g. Android). */
class FUnrealFileStorage : public gt::Storage
{
public:
	explicit FUnrealFileStorage(const FString& InDirectory);
	virtual ~FUnrealFileStorage();

	virtual bool read(const std::string& Name, std::string& Out) override;
	virtual bool append(const std::string& Name, const char* Data, size_t Size, bool bSync) override;
	virtual bool write(const std::string& Name, const std::string& Data, bool bSync) override;
	virtual bool replace(const std::string& Source, const std::string& Destination) override;
	virtual bool remove(const std::string& Name) override;
	virtual bool exists(const std::string& Name) override;

private:
	FString PathOf(const std::string& Name) const;
	void CloseLocked(const FString& Path);

	FString Directory;
	FCriticalSection Lock;
	TMap<FString, TUniquePtr<IFileHandle>> Appenders;
};

/** gzip with FCompression. */
class FUnrealGzipCompressor : public gt::Compressor
{
public:
	virtual bool gzip(const std::string& Input, std::string& Output) override;
};

class FUnrealLogger : public gt::Logger
{
public:
	virtual void log(gt::LogLevel Level, const std::string& Message) override;
};
}
