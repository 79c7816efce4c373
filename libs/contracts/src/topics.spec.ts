import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DLQ_HEADERS, TOPIC_DLQ, TOPIC_EVENTS } from './topics';

// tools/infra creates the topics from platform.config.json; the code must name the same ones.
const config = JSON.parse(readFileSync(path.resolve(__dirname, '../../../platform.config.json'), 'utf8')) as {
  topics: { events: string; deadLetter: string };
};

describe('topics', () => {
  it('match platform.config.json', () => {
    expect(TOPIC_EVENTS).toBe(config.topics.events);
    expect(TOPIC_DLQ).toBe(config.topics.deadLetter);
  });

  it('name the DLQ headers the operators documented', () => {
    expect(Object.values(DLQ_HEADERS).sort()).toEqual(
      [
        'dlq-consumer',
        'dlq-failed-at',
        'dlq-message',
        'dlq-original-offset',
        'dlq-original-partition',
        'dlq-original-topic',
        'dlq-reason',
      ].sort(),
    );
  });
});
