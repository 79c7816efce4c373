// Blueprint nodes for the Game Telemetry SDK (category "Game Telemetry"). Each finds the game
// instance's UGameTelemetrySubsystem from the world context; all return false (and do nothing)
// when the SDK is not started or refused the call (the reason is in the Output Log).
#pragma once

#include "CoreMinimal.h"
#include "Kismet/BlueprintFunctionLibrary.h"
#include "GameTelemetryTypes.h"
#include "GameTelemetryBlueprintLibrary.generated.h"

UCLASS()
class GAMETELEMETRY_API UGameTelemetryBlueprintLibrary : public UBlueprintFunctionLibrary
{
	GENERATED_BODY()

public:
	/** Starts the SDK with the project settings; a non-empty Api Key or Endpoint overrides them. */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool InitTelemetry(const UObject* WorldContextObject, const FString& ApiKey, const FString& Endpoint);

	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool StartSession(const UObject* WorldContextObject);

	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool EndSession(const UObject* WorldContextObject);

	/** A design event, e.g. "Kill:Sword:Robot" (1 to 5 parts of letters, digits, _ . - joined by ':'). */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject", AutoCreateRefTerm = "Properties"))
	static bool TrackEvent(const UObject* WorldContextObject, const FString& EventName, float Value, bool bHasValue, const TMap<FString, FString>& Properties);

	/** A design event with properties as a JSON object, so numbers and booleans keep their type: {"level":3,"boss":true}. */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool TrackEventWithJsonProperties(const UObject* WorldContextObject, const FString& EventName, float Value, bool bHasValue, const FString& PropertiesJson);

	/** A level started, completed or failed. Attempt 0 leaves the attempt out; it counts from 1. */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool TrackProgression(const UObject* WorldContextObject, EGameTelemetryProgressionStatus Status, const FString& Level, float Score, bool bHasScore, int32 Attempt);

	/** A purchase; the amount is in minor units (4.99 EUR is 499). Empty Item Type / Transaction Id are left out. */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool TrackPurchase(const UObject* WorldContextObject, const FString& Currency, int64 AmountMinorUnits, const FString& ItemId, const FString& ItemType, const FString& TransactionId);

	/** An error report (messages longer than 8192 characters are cut). */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool TrackError(const UObject* WorldContextObject, EGameTelemetryErrorSeverity Severity, const FString& Message);

	/** Sends what is queued now (a wait after a server failure is still honoured). */
	UFUNCTION(BlueprintCallable, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static void Flush(const UObject* WorldContextObject);

	UFUNCTION(BlueprintPure, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static bool IsTelemetryEnabled(const UObject* WorldContextObject);

	UFUNCTION(BlueprintPure, Category = "Game Telemetry", meta = (WorldContext = "WorldContextObject"))
	static int32 GetQueuedEventCount(const UObject* WorldContextObject);
};
