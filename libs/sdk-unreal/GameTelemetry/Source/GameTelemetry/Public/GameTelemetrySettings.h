// Project Settings > Plugins > Game Telemetry (saved in Config/DefaultGame.ini).
#pragma once

#include "CoreMinimal.h"
#include "Engine/DeveloperSettings.h"
#include "GameTelemetrySettings.generated.h"

UCLASS(Config = Game, DefaultConfig, meta = (DisplayName = "Game Telemetry"))
class GAMETELEMETRY_API UGameTelemetrySettings : public UDeveloperSettings
{
	GENERATED_BODY()

public:
	UGameTelemetrySettings();

	/** The game client's API key from the portal: gtk_live_... */
	UPROPERTY(Config, EditAnywhere, Category = "Connection")
	FString ApiKey;

	/** Base URL of the ingestion service, e.g. https://ingest.example.com (the SDK adds /v1/events). */
	UPROPERTY(Config, EditAnywhere, Category = "Connection")
	FString Endpoint = TEXT("http://127.0.0.1:3002");

	/** Start when the game instance starts. Turn off to call Init from Blueprint or C++ yourself (e.g. after consent). */
	UPROPERTY(Config, EditAnywhere, Category = "Behaviour")
	bool bStartAutomatically = true;

	/** Start a session as soon as the SDK starts. */
	UPROPERTY(Config, EditAnywhere, Category = "Behaviour")
	bool bStartSessionAutomatically = true;

	/** Events per request (1 to 500); a full batch is sent at once. */
	UPROPERTY(Config, EditAnywhere, Category = "Batching", meta = (ClampMin = "1", ClampMax = "500"))
	int32 BatchSize = 100;

	/** The longest an event waits before it is sent. */
	UPROPERTY(Config, EditAnywhere, Category = "Batching", meta = (ClampMin = "0"))
	float FlushIntervalSeconds = 10.f;

	/** A pause (app in the background) at least this long ends the session. */
	UPROPERTY(Config, EditAnywhere, Category = "Sessions", meta = (ClampMin = "0"))
	float SessionTimeoutSeconds = 60.f;

	/** Most events kept on disk while offline; the oldest are dropped beyond it. */
	UPROPERTY(Config, EditAnywhere, Category = "Storage", meta = (ClampMin = "1"))
	int32 MaxQueueSize = 10000;

	/** Most time the SDK spends per frame. */
	UPROPERTY(Config, EditAnywhere, Category = "Behaviour", meta = (ClampMin = "0.1"))
	float FrameBudgetMilliseconds = 2.f;

	/** gzip request bodies of 1 KiB or more. */
	UPROPERTY(Config, EditAnywhere, Category = "Connection")
	bool bCompress = true;

	/**
	 * Optional per-game-client signing secret (X-Signature). A secret shipped in a game can be
	 * extracted: it stops casual tampering and replays, not a determined attacker. See the README.
	 */
	UPROPERTY(Config, EditAnywhere, Category = "Connection")
	FString SigningSecret;

	/** Your id for the player; empty makes a random id once and keeps it in Saved/GameTelemetry. */
	UPROPERTY(Config, EditAnywhere, Category = "Behaviour")
	FString PlayerId;
};
