import { EVENT_TYPES } from '@gt/contracts';
import { EventType } from './enums';

describe('GraphQL enums', () => {
  it('EventType has exactly the event types of the contract', () => {
    expect(Object.values(EventType).sort()).toEqual([...EVENT_TYPES].sort());
  });
});
