// The numbers of event v1 and of POST /v1/events, mirrored from libs/contracts/src/limits.ts.
namespace GameTelemetry
{
    public static class Limits
    {
        public const int IdMaxLength = 128;
        public const int MaxProperties = 50;
        public const int PropertyStringMaxLength = 256;
        public const int AppVersionMaxLength = 32;
        public const int SdkNameMaxLength = 32;
        public const int SdkVersionMaxLength = 32;
        public const int DesignNameMaxLength = 128;
        public const int ProgressionLevelMaxLength = 64;
        public const int PurchaseItemIdMaxLength = 64;
        public const int PurchaseItemTypeMaxLength = 64;
        public const int PurchaseTransactionIdMaxLength = 128;
        /// <summary>Number.MAX_SAFE_INTEGER: amounts stay exact in every consumer.</summary>
        public const long PurchaseMaxAmount = 9007199254740991L;
        public const int ErrorMessageMaxLength = 8192;
        public const double MaxSessionDurationSeconds = 7 * 24 * 60 * 60;
        /// <summary>UTF-8 bytes of one event as compact JSON.</summary>
        public const int MaxEventBytes = 16 * 1024;
        public const int MaxEventsPerRequest = 500;
        public const int MaxRequestBytes = 1024 * 1024;
    }
}
