// The plugin's one runtime module: the portable core (Private/GameTelemetryCore, plain C++17,
// no engine types) and the engine glue around it (subsystem, Blueprint library, HTTP module
// transport, IPlatformFile storage, FCompression gzip).
using UnrealBuildTool;

public class GameTelemetry : ModuleRules
{
	public GameTelemetry(ReadOnlyTargetRules Target) : base(Target)
	{
		PCHUsage = PCHUsageMode.UseExplicitOrSharedPCHs;

		PublicDependencyModuleNames.AddRange(new string[]
		{
			"Core",
			"CoreUObject",
			"Engine",
			"DeveloperSettings",
		});

		PrivateDependencyModuleNames.AddRange(new string[]
		{
			"HTTP",
			"Json",
		});

		// The core is written for Unreal's defaults (no exceptions, no RTTI); nothing to change here.
		bEnableExceptions = false;
		bUseRTTI = false;
	}
}
