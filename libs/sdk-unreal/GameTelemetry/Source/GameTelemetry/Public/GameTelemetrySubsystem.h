// Owns the telemetry client for the game instance: starts it from the project settings (or from
// Init), ticks it every frame within its time budget, pauses and resumes the session when the
// app goes to and comes back from the background, and ends the session and writes the queue to
// disk when the game instance shuts down.
#pragma once

#include "CoreMinimal.h"
#include "Subsystems/GameInstanceSubsystem.h"
#include "Tickable.h"
#include "GameTelemetryTypes.h"
#include "GameTelemetryCore/GtTelemetry.h"
#include "GameTelemetrySubsystem.generated.h"

DECLARE_LOG_CATEGORY_EXTERN(LogGameTelemetry, Log, All);

UCLASS()
class GAMETELEMETRY_API UGameTelemetrySubsystem : public UGameInstanceSubsystem, public FTickableGameObject
{
	GENERATED_BODY()

public:
	UGameTelemetrySubsystem();
	virtual ~UGameTelemetrySubsystem();

	virtual void Initialize(FSubsystemCollectionBase& Collection) override;
	virtual void Deinitialize() override;

	virtual void Tick(float DeltaTime) override;
	virtual TStatId GetStatId() const override;
	virtual ETickableTickType GetTickableTickType() const override { return ETickableTickType::Conditional; }
	virtual bool IsTickable() const override;
	virtual bool IsTickableWhenPaused() const override { return true; }
	virtual bool IsTickableInEditor() const override { return false; }

	/** Starts the SDK with the project settings, overriding key and endpoint when not empty. False when refused (see the log). */
	bool Start(const FString& ApiKeyOverride = FString(), const FString& EndpointOverride = FString());
	/** Stops the SDK (queued events stay on disk for the next start). */
	void Stop();

	bool IsEnabled() const;
	bool StartSession();
	bool EndSession();
	bool TrackDesign(const FString& Name, TOptional<double> Value, const TMap<FString, FString>& Properties);
	bool TrackDesignWithJson(const FString& Name, TOptional<double> Value, const FString& PropertiesJson);
	bool TrackProgression(EGameTelemetryProgressionStatus Status, const FString& Level, TOptional<double> Score, TOptional<int32> Attempt);
	bool TrackPurchase(const FString& Currency, int64 AmountMinorUnits, const FString& ItemId, const FString& ItemType, const FString& TransactionId);
	bool TrackError(EGameTelemetryErrorSeverity Severity, const FString& Message);
	void Flush();
	int32 GetQueuedEventCount() const;

	/** The portable client, for C++ callers that want its full API (properties of any type, stats). */
	gt::TelemetryClient* GetClient() const { return Client.Get(); }

private:
	void HandleEnterBackground();
	void HandleEnterForeground();

	TUniquePtr<gt::TelemetryClient> Client;
	FDelegateHandle BackgroundHandle;
	FDelegateHandle ForegroundHandle;
};
