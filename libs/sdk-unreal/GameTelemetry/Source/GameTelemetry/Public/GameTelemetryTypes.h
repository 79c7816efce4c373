#pragma once

#include "CoreMinimal.h"
#include "GameTelemetryTypes.generated.h"

UENUM(BlueprintType)
enum class EGameTelemetryProgressionStatus : uint8
{
	Start,
	Complete,
	Fail,
};

UENUM(BlueprintType)
enum class EGameTelemetryErrorSeverity : uint8
{
	Debug,
	Info,
	Warning,
	Error,
	Critical,
};
