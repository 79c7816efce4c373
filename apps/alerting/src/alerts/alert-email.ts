import type { AlertRule } from '../rules/alert-rule';
import type { Firing } from './firing';
import type { MailMessage } from './smtp.mailer';

/** The portal's page for one game; the email links to it. */
export function dashboardUrl(portalUrl: string, rule: Pick<AlertRule, 'studioId' | 'gameId'>): string {
  return `${portalUrl}/studios/${encodeURIComponent(rule.studioId)}/games/${encodeURIComponent(rule.gameId)}`;
}

function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? '1 day' : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

function counted(rule: AlertRule): string {
  if (rule.eventName) return `"${rule.eventName}" events`;
  if (rule.eventType) return `${rule.eventType} events`;
  return 'events';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** The alert email: a plain-text and an HTML part with the same facts. */
export function renderAlertEmail(firing: Firing, rule: AlertRule, portalUrl: string): MailMessage {
  const link = dashboardUrl(portalUrl, rule);
  let headline: string;
  const facts: [string, string][] = [];
  switch (firing.kind) {
    case 'players_reached':
      headline = `${n(firing.observed)} distinct players reached`;
      facts.push(['Distinct players', `${n(firing.observed)} (threshold ${n(firing.threshold)})`]);
      break;
    case 'event_count': {
      const windowSeconds = firing.windowSeconds ?? rule.windowSeconds ?? 0;
      const start = firing.windowStart ?? firing.firedAt;
      headline = `${n(firing.observed)} ${counted(rule)} within ${duration(windowSeconds)}`;
      facts.push([`Count of ${counted(rule)}`, `${n(firing.observed)} (threshold ${n(firing.threshold)})`]);
      facts.push([
        'Window',
        `${utc(start)} to ${utc(start + windowSeconds * 1000)} (${duration(windowSeconds)})`,
      ]);
      if (firing.windowPlayers !== undefined)
        facts.push(['Players in the window', `about ${n(firing.windowPlayers)}`]);
      break;
    }
  }
  facts.unshift(['Studio', rule.studioName], ['Game', rule.gameName], ['Rule', rule.name]);
  facts.push(['Fired at', utc(firing.firedAt)]);
  if (firing.eventAt !== undefined) facts.push(['Threshold reached by an event at', utc(firing.eventAt)]);

  const subject = `[${rule.gameName}] ${rule.name}: ${headline}`;
  const text = [
    `Alert "${rule.name}" fired for ${rule.gameName} (${rule.studioName}): ${headline}.`,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    `Dashboard: ${link}`,
    '',
    'You receive this email because you are a recipient of this alert rule.',
    '',
  ].join('\n');
  const rows = facts
    .map(
      ([k, v]) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    )
    .join('');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${escapeHtml(rule.name)}</h2>
<p>Alert for <strong>${escapeHtml(rule.gameName)}</strong> (${escapeHtml(rule.studioName)}): ${escapeHtml(headline)}.</p>
<table>${rows}</table>
<p><a href="${escapeHtml(link)}">Open the game's dashboard</a></p>
<p style="color:#666;font-size:small">You receive this email because you are a recipient of this alert rule.</p>
</body></html>`;
  return {
    to: rule.recipients,
    subject,
    text,
    html,
    messageId: `<${encodeURIComponent(firing.firingKey)}@alerting.game-telemetry>`,
    headers: { 'X-Alert-Firing-Key': firing.firingKey, 'X-Alert-Rule-Id': rule.id },
  };
}
