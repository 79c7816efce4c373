#include "UnrealAdapters.h"

#include "GameTelemetrySubsystem.h"
#include "HAL/FileManager.h"
#include "HAL/PlatformFileManager.h"
#include "HttpModule.h"
#include "Interfaces/IHttpRequest.h"
#include "Interfaces/IHttpResponse.h"
#include "Misc/Compression.h"
#include "Misc/FileHelper.h"
#include "Misc/Paths.h"
#include "Misc/ScopeLock.h"

namespace GameTelemetryUnreal
{
std::string ToUtf8(const FString& Text)
{
	FTCHARToUTF8 Converted(*Text);
	// Get() is ANSICHAR or UTF8CHAR depending on the engine version: bytes either way.
	return std::string(reinterpret_cast<const char*>(Converted.Get()), static_cast<size_t>(Converted.Length()));
}

FString FromUtf8(const std::string& Text)
{
	FUTF8ToTCHAR Converted(reinterpret_cast<const ANSICHAR*>(Text.data()), static_cast<int32>(Text.size()));
	return FString(Converted.Length(), Converted.Get());
}

// ------------------------------------------------------------------ HTTP

void FUnrealHttpTransport::send(gt::HttpRequest Request, std::function<void(gt::HttpResponse)> Done)
{
	TSharedRef<IHttpRequest, ESPMode::ThreadSafe> Http = FHttpModule::Get().CreateRequest();
	Http->SetURL(FromUtf8(Request.url));
	Http->SetVerb(FromUtf8(Request.method));
	for (const auto& Header : Request.headers)
	{
		Http->SetHeader(FromUtf8(Header.first), FromUtf8(Header.second));
	}
	TArray<uint8> Body;
	Body.Append(reinterpret_cast<const uint8*>(Request.body.data()), static_cast<int32>(Request.body.size()));
	Http->SetContent(MoveTemp(Body));
	Http->SetTimeout(static_cast<float>(Request.timeoutMs) / 1000.f);
	Http->OnProcessRequestComplete().BindLambda(
		[Done](FHttpRequestPtr /*Sent*/, FHttpResponsePtr Response, bool bConnectedSuccessfully)
		{
			if (!bConnectedSuccessfully || !Response.IsValid() || Response->GetResponseCode() <= 0)
			{
				Done(gt::HttpResponse::failed("no response (network error or timeout)"));
				return;
			}
			gt::HttpResponse Result;
			Result.status = Response->GetResponseCode();
			for (const FString& Line : Response->GetAllHeaders())
			{
				FString Name;
				FString Value;
				if (Line.Split(TEXT(":"), &Name, &Value))
				{
					Result.headers.emplace_back(ToUtf8(Name.TrimStartAndEnd()), ToUtf8(Value.TrimStartAndEnd()));
				}
			}
			const TArray<uint8>& Content = Response->GetContent();
			Result.body.assign(reinterpret_cast<const char*>(Content.GetData()), static_cast<size_t>(Content.Num()));
			Done(MoveTemp(Result));
		});
	if (!Http->ProcessRequest())
	{
		Done(gt::HttpResponse::failed("the HTTP module refused the request"));
	}
}

// ------------------------------------------------------------------ files

FUnrealFileStorage::FUnrealFileStorage(const FString& InDirectory)
	: Directory(InDirectory)
{
	FPlatformFileManager::Get().GetPlatformFile().CreateDirectoryTree(*Directory);
}

FUnrealFileStorage::~FUnrealFileStorage()
{
	FScopeLock Guard(&Lock);
	Appenders.Empty();
}

FString FUnrealFileStorage::PathOf(const std::string& Name) const
{
	return FPaths::Combine(Directory, FromUtf8(Name));
}

void FUnrealFileStorage::CloseLocked(const FString& Path)
{
	Appenders.Remove(Path);
}

bool FUnrealFileStorage::read(const std::string& Name, std::string& Out)
{
	FScopeLock Guard(&Lock);
	const FString Path = PathOf(Name);
	if (TUniquePtr<IFileHandle>* Open = Appenders.Find(Path))
	{
		(*Open)->Flush();
	}
	TArray<uint8> Data;
	if (!FFileHelper::LoadFileToArray(Data, *Path, FILEREAD_Silent))
	{
		return false;
	}
	Out.assign(reinterpret_cast<const char*>(Data.GetData()), static_cast<size_t>(Data.Num()));
	return true;
}

bool FUnrealFileStorage::append(const std::string& Name, const char* Data, size_t Size, bool bSync)
{
	FScopeLock Guard(&Lock);
	const FString Path = PathOf(Name);
	TUniquePtr<IFileHandle>* Open = Appenders.Find(Path);
	if (!Open)
	{
		IFileHandle* Handle = FPlatformFileManager::Get().GetPlatformFile().OpenWrite(*Path, /*bAppend*/ true, /*bAllowRead*/ true);
		if (!Handle)
		{
			return false;
		}
		Open = &Appenders.Add(Path, TUniquePtr<IFileHandle>(Handle));
	}
	// Flush hands the bytes to the OS (enough for a killed app); a full flush reaches the device.
	const bool bGood = (*Open)->Write(reinterpret_cast<const uint8*>(Data), static_cast<int64>(Size)) && (*Open)->Flush(bSync);
	if (!bGood)
	{
		CloseLocked(Path);
	}
	return bGood;
}

bool FUnrealFileStorage::write(const std::string& Name, const std::string& Data, bool bSync)
{
	FScopeLock Guard(&Lock);
	const FString Path = PathOf(Name);
	CloseLocked(Path);
	TUniquePtr<IFileHandle> Handle(FPlatformFileManager::Get().GetPlatformFile().OpenWrite(*Path, /*bAppend*/ false, /*bAllowRead*/ false));
	if (!Handle)
	{
		return false;
	}
	return Handle->Write(reinterpret_cast<const uint8*>(Data.data()), static_cast<int64>(Data.size())) && Handle->Flush(bSync);
}

bool FUnrealFileStorage::replace(const std::string& Source, const std::string& Destination)
{
	FScopeLock Guard(&Lock);
	const FString From = PathOf(Source);
	const FString To = PathOf(Destination);
	CloseLocked(From);
	CloseLocked(To);
	IPlatformFile& Files = FPlatformFileManager::Get().GetPlatformFile();
	// MoveFile does not replace on every platform. The queue recovers from the moment between
	// the delete and the move (a missing journal with a complete .tmp, see GtEventQueue.cpp).
	if (Files.FileExists(*To) && !Files.DeleteFile(*To))
	{
		return false;
	}
	return Files.MoveFile(*To, *From);
}

bool FUnrealFileStorage::remove(const std::string& Name)
{
	FScopeLock Guard(&Lock);
	const FString Path = PathOf(Name);
	CloseLocked(Path);
	IPlatformFile& Files = FPlatformFileManager::Get().GetPlatformFile();
	return !Files.FileExists(*Path) || Files.DeleteFile(*Path);
}

bool FUnrealFileStorage::exists(const std::string& Name)
{
	FScopeLock Guard(&Lock);
	return FPlatformFileManager::Get().GetPlatformFile().FileExists(*PathOf(Name));
}

// ------------------------------------------------------------------ gzip and log

bool FUnrealGzipCompressor::gzip(const std::string& Input, std::string& Output)
{
	const int32 InputSize = static_cast<int32>(Input.size());
	int32 Bound = FCompression::CompressMemoryBound(NAME_Gzip, InputSize);
	TArray<uint8> Buffer;
	Buffer.SetNumUninitialized(Bound);
	if (!FCompression::CompressMemory(NAME_Gzip, Buffer.GetData(), Bound, Input.data(), InputSize))
	{
		return false;
	}
	Output.assign(reinterpret_cast<const char*>(Buffer.GetData()), static_cast<size_t>(Bound));
	return true;
}

void FUnrealLogger::log(gt::LogLevel Level, const std::string& Message)
{
	const FString Text = FromUtf8(Message);
	switch (Level)
	{
	case gt::LogLevel::Error:
		UE_LOG(LogGameTelemetry, Error, TEXT("%s"), *Text);
		break;
	case gt::LogLevel::Warning:
		UE_LOG(LogGameTelemetry, Warning, TEXT("%s"), *Text);
		break;
	case gt::LogLevel::Info:
		UE_LOG(LogGameTelemetry, Log, TEXT("%s"), *Text);
		break;
	default:
		UE_LOG(LogGameTelemetry, Verbose, TEXT("%s"), *Text);
		break;
	}
}
}
