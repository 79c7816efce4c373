import { makeRule } from '../../test/rules.fixtures';
import { renderAlertEmail } from './alert-email';
import type { Firing } from './firing';

const firedAt = Date.parse('2026-01-10T10:15:30.000Z');

describe('renderAlertEmail', () => {
  it('names studio, game, rule, observed value, time and links to the game dashboard', () => {
    const rule = makeRule({ id: 'r1' });
    const firing: Firing = {
      firingKey: 'r1:players:100',
      ruleId: 'r1',
      gameId: rule.gameId,
      kind: 'players_reached',
      threshold: 100,
      observed: 100,
      firedAt,
      eventId: 'e1',
      eventAt: firedAt - 200,
    };
    const mail = renderAlertEmail(firing, rule, 'http://portal.test');
    expect(mail.to).toEqual(['ops@pixelforge.test']);
    expect(mail.subject).toBe('[Sky Raiders] 100 players: 100 distinct players reached');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Pixel Forge');
      expect(part).toContain('Sky Raiders');
      expect(part).toContain('100 players');
      expect(part).toContain('2026-01-10 10:15:30 UTC');
      expect(part).toContain(`http://portal.test/studios/${rule.studioId}/games/${rule.gameId}`);
    }
    expect(mail.text).toContain('Distinct players: 100 (threshold 100)');
    expect(mail.messageId).toBe('<r1%3Aplayers%3A100@alerting.game-telemetry>');
  });

  it('describes the window of an event-count firing', () => {
    const rule = makeRule({
      kind: 'event_count',
      name: 'Crash storm',
      eventType: 'error',
      windowSeconds: 300,
      threshold: 50,
    });
    const firing: Firing = {
      firingKey: 'rule-1:w300:1768039800',
      ruleId: rule.id,
      gameId: rule.gameId,
      kind: 'event_count',
      threshold: 50,
      observed: 50,
      firedAt,
      windowStart: Date.parse('2026-01-10T10:10:00.000Z'),
      windowSeconds: 300,
      windowPlayers: 12,
    };
    const mail = renderAlertEmail(firing, rule, 'http://portal.test');
    expect(mail.subject).toBe('[Sky Raiders] Crash storm: 50 error events within 5 minutes');
    expect(mail.text).toContain('Window: 2026-01-10 10:10:00 UTC to 2026-01-10 10:15:00 UTC (5 minutes)');
    expect(mail.text).toContain('Players in the window: about 12');
  });

  it('escapes names in the HTML part', () => {
    const rule = makeRule({ gameName: '<script>alert(1)</script>' });
    const firing: Firing = {
      firingKey: 'k',
      ruleId: rule.id,
      gameId: rule.gameId,
      kind: 'players_reached',
      threshold: 1,
      observed: 1,
      firedAt,
    };
    const { html } = renderAlertEmail(firing, rule, 'http://portal.test');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });
});
