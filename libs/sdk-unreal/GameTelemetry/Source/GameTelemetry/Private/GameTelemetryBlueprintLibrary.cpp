#include "GameTelemetryBlueprintLibrary.h"

#include "Engine/Engine.h"
#include "Engine/GameInstance.h"
#include "Engine/World.h"
#include "GameTelemetryCore/GtTelemetry.h"
#include "GameTelemetrySubsystem.h"

static UGameTelemetrySubsystem* FindSubsystem(const UObject* WorldContextObject)
{
	if (!GEngine || !WorldContextObject)
	{
		return nullptr;
	}
	UWorld* World = GEngine->GetWorldFromContextObject(WorldContextObject, EGetWorldErrorMode::ReturnNull);
	UGameInstance* GameInstance = World ? World->GetGameInstance() : nullptr;
	return GameInstance ? GameInstance->GetSubsystem<UGameTelemetrySubsystem>() : nullptr;
}

bool UGameTelemetryBlueprintLibrary::InitTelemetry(const UObject* WorldContextObject, const FString& ApiKey, const FString& Endpoint)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem && Subsystem->Start(ApiKey, Endpoint);
}

bool UGameTelemetryBlueprintLibrary::StartSession(const UObject* WorldContextObject)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem && Subsystem->StartSession();
}

bool UGameTelemetryBlueprintLibrary::EndSession(const UObject* WorldContextObject)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem && Subsystem->EndSession();
}

bool UGameTelemetryBlueprintLibrary::TrackEvent(const UObject* WorldContextObject, const FString& EventName, float Value, bool bHasValue, const TMap<FString, FString>& Properties)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	TOptional<double> Optional;
	if (bHasValue)
	{
		Optional = static_cast<double>(gt::PropertyValue(Value).number());
	}
	return Subsystem && Subsystem->TrackDesign(EventName, Optional, Properties);
}

bool UGameTelemetryBlueprintLibrary::TrackEventWithJsonProperties(const UObject* WorldContextObject, const FString& EventName, float Value, bool bHasValue, const FString& PropertiesJson)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	TOptional<double> Optional;
	if (bHasValue)
	{
		Optional = static_cast<double>(gt::PropertyValue(Value).number());
	}
	return Subsystem && Subsystem->TrackDesignWithJson(EventName, Optional, PropertiesJson);
}

bool UGameTelemetryBlueprintLibrary::TrackProgression(const UObject* WorldContextObject, EGameTelemetryProgressionStatus Status, const FString& Level, float Score, bool bHasScore, int32 Attempt)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	TOptional<double> OptionalScore;
	if (bHasScore)
	{
		OptionalScore = static_cast<double>(gt::PropertyValue(Score).number());
	}
	TOptional<int32> OptionalAttempt;
	if (Attempt > 0)
	{
		OptionalAttempt = Attempt;
	}
	return Subsystem && Subsystem->TrackProgression(Status, Level, OptionalScore, OptionalAttempt);
}

bool UGameTelemetryBlueprintLibrary::TrackPurchase(const UObject* WorldContextObject, const FString& Currency, int64 AmountMinorUnits, const FString& ItemId, const FString& ItemType, const FString& TransactionId)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem && Subsystem->TrackPurchase(Currency, AmountMinorUnits, ItemId, ItemType, TransactionId);
}

bool UGameTelemetryBlueprintLibrary::TrackError(const UObject* WorldContextObject, EGameTelemetryErrorSeverity Severity, const FString& Message)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem && Subsystem->TrackError(Severity, Message);
}

void UGameTelemetryBlueprintLibrary::Flush(const UObject* WorldContextObject)
{
	if (UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject))
	{
		Subsystem->Flush();
	}
}

bool UGameTelemetryBlueprintLibrary::IsTelemetryEnabled(const UObject* WorldContextObject)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem && Subsystem->IsEnabled();
}

int32 UGameTelemetryBlueprintLibrary::GetQueuedEventCount(const UObject* WorldContextObject)
{
	UGameTelemetrySubsystem* Subsystem = FindSubsystem(WorldContextObject);
	return Subsystem ? Subsystem->GetQueuedEventCount() : 0;
}
