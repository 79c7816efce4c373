// Game Telemetry quick start: put this on any GameObject of your first scene, fill in the key
// and the endpoint in the inspector, press Play, and use the buttons. Events appear in the
// portal's live dashboard of the game within a few seconds.
using System.Collections.Generic;
using GameTelemetry;
using GameTelemetry.Unity;
using UnityEngine;

public class TelemetryQuickStart : MonoBehaviour
{
    [Tooltip("The game client's API key from the portal (gtk_live_...).")]
    public string apiKey = "";

    [Tooltip("The ingestion service's base URL.")]
    public string endpoint = "http://127.0.0.1:3002";

    private int _kills;

    private void Awake()
    {
        // Once per game run; Init creates the GameObject that drives the SDK and starts a session.
        Telemetry.Init(new TelemetryConfig { ApiKey = apiKey, Endpoint = endpoint });
    }

    private void OnGUI()
    {
        GUILayout.BeginArea(new Rect(10, 10, 320, 400));
        GUILayout.Label("Game Telemetry: " + (Telemetry.Client != null && Telemetry.Client.IsEnabled ? "running" : "not started (see Console)"));
        GUILayout.Label("Queued: " + Telemetry.Stats.Queued + "   accepted: " + Telemetry.Stats.Accepted);

        if (GUILayout.Button("Design: Kill:Sword:Robot"))
        {
            _kills++;
            Telemetry.Track("Kill:Sword:Robot", 1f, new TelemetryProperties { { "weapon", "sword" }, { "kills", _kills } });
        }
        if (GUILayout.Button("Progression: world-1 started")) Telemetry.Progression(ProgressionStatus.Start, "world-1");
        if (GUILayout.Button("Progression: world-1 completed")) Telemetry.Progression(ProgressionStatus.Complete, "world-1", score: 1200, attempt: 1);
        if (GUILayout.Button("Purchase: 4.99 EUR gem pack")) Telemetry.Purchase("EUR", 499, "gem-pack-small", itemType: "gems", transactionId: System.Guid.NewGuid().ToString());
        if (GUILayout.Button("Error: warning")) Telemetry.Error(ErrorSeverity.Warning, "Texture streaming budget exceeded");
        if (GUILayout.Button("Flush now")) Telemetry.Flush();
        if (GUILayout.Button("End session")) Telemetry.EndSession();
        GUILayout.EndArea();
    }
}
