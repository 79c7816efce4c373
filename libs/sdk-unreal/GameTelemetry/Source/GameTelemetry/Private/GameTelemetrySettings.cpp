#include "GameTelemetrySettings.h"

UGameTelemetrySettings::UGameTelemetrySettings()
{
	CategoryName = TEXT("Plugins");
	SectionName = TEXT("GameTelemetry");
}
