#include "GameTelemetrySubsystem.h"

#include "Dom/JsonObject.h"
#include "Dom/JsonValue.h"
#include "GameTelemetryCore/GtTelemetry.h"
#include "GameTelemetrySettings.h"
#include "Misc/CoreDelegates.h"
#include "Misc/EngineVersion.h"
#include "Misc/Paths.h"
#include "Serialization/JsonReader.h"
#include "Serialization/JsonSerializer.h"
#include "UnrealAdapters.h"

DEFINE_LOG_CATEGORY(LogGameTelemetry);

using GameTelemetryUnreal::ToUtf8;

UGameTelemetrySubsystem::UGameTelemetrySubsystem() = default;

UGameTelemetrySubsystem::~UGameTelemetrySubsystem() = default;

void UGameTelemetrySubsystem::Initialize(FSubsystemCollectionBase& Collection)
{
	Super::Initialize(Collection);
	BackgroundHandle = FCoreDelegates::ApplicationWillEnterBackgroundDelegate.AddUObject(this, &UGameTelemetrySubsystem::HandleEnterBackground);
	ForegroundHandle = FCoreDelegates::ApplicationHasEnteredForegroundDelegate.AddUObject(this, &UGameTelemetrySubsystem::HandleEnterForeground);
	const UGameTelemetrySettings* Settings = GetDefault<UGameTelemetrySettings>();
	if (Settings->bStartAutomatically && !Settings->ApiKey.IsEmpty())
	{
		Start();
	}
}

void UGameTelemetrySubsystem::Deinitialize()
{
	FCoreDelegates::ApplicationWillEnterBackgroundDelegate.Remove(BackgroundHandle);
	FCoreDelegates::ApplicationHasEnteredForegroundDelegate.Remove(ForegroundHandle);
	if (Client)
	{
		Client->endSession();
		Client->tick();
		Stop();
	}
	Super::Deinitialize();
}

bool UGameTelemetrySubsystem::Start(const FString& ApiKeyOverride, const FString& EndpointOverride)
{
	if (Client)
	{
		UE_LOG(LogGameTelemetry, Warning, TEXT("already started; call Stop first to start with other settings"));
		return Client->enabled();
	}
	const UGameTelemetrySettings* Settings = GetDefault<UGameTelemetrySettings>();
	gt::Config Config;
	Config.apiKey = ToUtf8(ApiKeyOverride.IsEmpty() ? Settings->ApiKey : ApiKeyOverride);
	Config.endpoint = ToUtf8(EndpointOverride.IsEmpty() ? Settings->Endpoint : EndpointOverride);
	Config.playerId = ToUtf8(Settings->PlayerId);
	FString ProjectVersion;
	GConfig->GetString(TEXT("/Script/EngineSettings.GeneralProjectSettings"), TEXT("ProjectVersion"), ProjectVersion, GGameIni);
	Config.appVersion = ToUtf8(ProjectVersion.Left(32));
	Config.sdkName = "gametelemetry-unreal";
	Config.sdkVersion = gt::kSdkVersion;
	Config.batchSize = Settings->BatchSize;
	Config.flushIntervalMs = FMath::RoundToInt(Settings->FlushIntervalSeconds * 1000.f);
	Config.sessionTimeoutMs = FMath::RoundToInt(Settings->SessionTimeoutSeconds * 1000.f);
	Config.maxQueueSize = Settings->MaxQueueSize;
	Config.frameBudgetMs = Settings->FrameBudgetMilliseconds;
	Config.compress = Settings->bCompress;
	Config.signingSecret = ToUtf8(Settings->SigningSecret);

	gt::Services Services;
	Services.storage = std::make_shared<GameTelemetryUnreal::FUnrealFileStorage>(FPaths::Combine(FPaths::ProjectSavedDir(), TEXT("GameTelemetry")));
	Services.logger = std::make_shared<GameTelemetryUnreal::FUnrealLogger>();
	Services.compressor = std::make_shared<GameTelemetryUnreal::FUnrealGzipCompressor>();
	Client = MakeUnique<gt::TelemetryClient>(Config, std::make_shared<GameTelemetryUnreal::FUnrealHttpTransport>(), Services);
	if (!Client->enabled())
	{
		return false;
	}
	if (Settings->bStartSessionAutomatically)
	{
		Client->startSession();
	}
	return true;
}

void UGameTelemetrySubsystem::Stop()
{
	if (!Client)
	{
		return;
	}
	// Nothing is awaited here: what is not sent now is on disk for the next start.
	Client->shutdown(0);
	Client.Reset();
}

void UGameTelemetrySubsystem::Tick(float DeltaTime)
{
	if (Client)
	{
		Client->tick();
	}
}

TStatId UGameTelemetrySubsystem::GetStatId() const
{
	RETURN_QUICK_DECLARE_CYCLE_STAT(UGameTelemetrySubsystem, STATGROUP_Tickables);
}

bool UGameTelemetrySubsystem::IsTickable() const
{
	return Client.IsValid() && !HasAnyFlags(RF_ClassDefaultObject);
}

void UGameTelemetrySubsystem::HandleEnterBackground()
{
	if (Client)
	{
		Client->pause();
	}
}

void UGameTelemetrySubsystem::HandleEnterForeground()
{
	if (Client)
	{
		Client->resume();
	}
}

bool UGameTelemetrySubsystem::IsEnabled() const
{
	return Client && Client->enabled();
}

bool UGameTelemetrySubsystem::StartSession()
{
	return Client && Client->startSession();
}

bool UGameTelemetrySubsystem::EndSession()
{
	return Client && Client->endSession();
}

static std::optional<double> ToStd(TOptional<double> Value)
{
	return Value.IsSet() ? std::optional<double>(Value.GetValue()) : std::nullopt;
}

bool UGameTelemetrySubsystem::TrackDesign(const FString& Name, TOptional<double> Value, const TMap<FString, FString>& Properties)
{
	if (!Client)
	{
		return false;
	}
	gt::Properties Props;
	for (const TPair<FString, FString>& Pair : Properties)
	{
		Props.emplace_back(ToUtf8(Pair.Key), gt::PropertyValue(ToUtf8(Pair.Value)));
	}
	return Client->track(ToUtf8(Name), ToStd(Value), Props);
}

bool UGameTelemetrySubsystem::TrackDesignWithJson(const FString& Name, TOptional<double> Value, const FString& PropertiesJson)
{
	if (!Client)
	{
		return false;
	}
	gt::Properties Props;
	if (!PropertiesJson.IsEmpty())
	{
		TSharedPtr<FJsonObject> Object;
		const TSharedRef<TJsonReader<>> Reader = TJsonReaderFactory<>::Create(PropertiesJson);
		if (!FJsonSerializer::Deserialize(Reader, Object) || !Object.IsValid())
		{
			UE_LOG(LogGameTelemetry, Warning, TEXT("TrackEventWithJsonProperties: properties are not a JSON object: %s"), *PropertiesJson);
			return false;
		}
		for (const TPair<FString, TSharedPtr<FJsonValue>>& Field : Object->Values)
		{
			const std::string Key = ToUtf8(Field.Key);
			switch (Field.Value.IsValid() ? Field.Value->Type : EJson::None)
			{
			case EJson::String:
				Props.emplace_back(Key, gt::PropertyValue(ToUtf8(Field.Value->AsString())));
				break;
			case EJson::Number:
				Props.emplace_back(Key, gt::PropertyValue(Field.Value->AsNumber()));
				break;
			case EJson::Boolean:
				Props.emplace_back(Key, gt::PropertyValue(Field.Value->AsBool()));
				break;
			default:
				// Objects, arrays and null are not property values: the core drops them with a warning.
				Props.emplace_back(Key, gt::PropertyValue::invalid());
				break;
			}
		}
	}
	return Client->track(ToUtf8(Name), ToStd(Value), Props);
}

bool UGameTelemetrySubsystem::TrackProgression(EGameTelemetryProgressionStatus Status, const FString& Level, TOptional<double> Score, TOptional<int32> Attempt)
{
	if (!Client)
	{
		return false;
	}
	gt::ProgressionStatus CoreStatus = gt::ProgressionStatus::Start;
	switch (Status)
	{
	case EGameTelemetryProgressionStatus::Start: CoreStatus = gt::ProgressionStatus::Start; break;
	case EGameTelemetryProgressionStatus::Complete: CoreStatus = gt::ProgressionStatus::Complete; break;
	case EGameTelemetryProgressionStatus::Fail: CoreStatus = gt::ProgressionStatus::Fail; break;
	}
	std::optional<int> CoreAttempt;
	if (Attempt.IsSet())
	{
		CoreAttempt = Attempt.GetValue();
	}
	return Client->progression(CoreStatus, ToUtf8(Level), ToStd(Score), CoreAttempt);
}

bool UGameTelemetrySubsystem::TrackPurchase(const FString& Currency, int64 AmountMinorUnits, const FString& ItemId, const FString& ItemType, const FString& TransactionId)
{
	if (!Client)
	{
		return false;
	}
	std::optional<std::string> Type;
	std::optional<std::string> Transaction;
	if (!ItemType.IsEmpty())
	{
		Type = ToUtf8(ItemType);
	}
	if (!TransactionId.IsEmpty())
	{
		Transaction = ToUtf8(TransactionId);
	}
	return Client->purchase(ToUtf8(Currency), AmountMinorUnits, ToUtf8(ItemId), Type, Transaction);
}

bool UGameTelemetrySubsystem::TrackError(EGameTelemetryErrorSeverity Severity, const FString& Message)
{
	if (!Client)
	{
		return false;
	}
	gt::ErrorSeverity CoreSeverity = gt::ErrorSeverity::Error;
	switch (Severity)
	{
	case EGameTelemetryErrorSeverity::Debug: CoreSeverity = gt::ErrorSeverity::Debug; break;
	case EGameTelemetryErrorSeverity::Info: CoreSeverity = gt::ErrorSeverity::Info; break;
	case EGameTelemetryErrorSeverity::Warning: CoreSeverity = gt::ErrorSeverity::Warning; break;
	case EGameTelemetryErrorSeverity::Error: CoreSeverity = gt::ErrorSeverity::Error; break;
	case EGameTelemetryErrorSeverity::Critical: CoreSeverity = gt::ErrorSeverity::Critical; break;
	}
	return Client->error(CoreSeverity, ToUtf8(Message));
}

void UGameTelemetrySubsystem::Flush()
{
	if (Client)
	{
		Client->flush();
	}
}

int32 UGameTelemetrySubsystem::GetQueuedEventCount() const
{
	return Client ? static_cast<int32>(Client->stats().queued) : 0;
}
