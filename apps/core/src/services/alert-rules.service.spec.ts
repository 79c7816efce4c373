import { DomainError } from '@gt/service-kit';
import { normalizeRule } from './alert-rules.service';

const base = {
  name: 'r',
  threshold: 10,
  recipients: ['A@x.example', 'a@x.example', 'b@x.example'],
  enabled: true,
};

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return (e.details?.errors ?? []).map((x) => x.field);
    throw e;
  }
  return [];
}

describe('normalizeRule', () => {
  it('keeps players_reached rules free of event filters, windows and cool-downs, and dedupes recipients', () => {
    expect(normalizeRule({ ...base, kind: 'players_reached' })).toEqual({
      ...base,
      kind: 'players_reached',
      eventType: null,
      eventName: null,
      windowSeconds: null,
      cooldownSeconds: null,
      recipients: ['a@x.example', 'b@x.example'],
    });
    expect(
      fieldsOf(() =>
        normalizeRule({
          ...base,
          kind: 'players_reached',
          eventType: 'design',
          windowSeconds: 60,
          cooldownSeconds: 5,
        }),
      ),
    ).toEqual(['eventType', 'windowSeconds', 'cooldownSeconds']);
  });

  it('implies type design for an event name and defaults the cool-down to the window', () => {
    expect(
      normalizeRule({ ...base, kind: 'event_count', eventName: 'Boss:Defeated', windowSeconds: 600 }),
    ).toMatchObject({
      eventType: 'design',
      eventName: 'Boss:Defeated',
      windowSeconds: 600,
      cooldownSeconds: 600,
    });
    expect(
      normalizeRule({
        ...base,
        kind: 'event_count',
        eventType: 'purchase',
        windowSeconds: 600,
        cooldownSeconds: 0,
      }),
    ).toMatchObject({
      eventType: 'purchase',
      eventName: null,
      cooldownSeconds: 0,
    });
  });

  it('names every problem of an event_count rule at once', () => {
    expect(fieldsOf(() => normalizeRule({ ...base, kind: 'event_count' }))).toEqual([
      'windowSeconds',
      'eventType',
    ]);
    expect(
      fieldsOf(() =>
        normalizeRule({
          ...base,
          kind: 'event_count',
          eventType: 'error',
          eventName: 'X',
          windowSeconds: 60,
        }),
      ),
    ).toEqual(['eventName']);
  });
});
