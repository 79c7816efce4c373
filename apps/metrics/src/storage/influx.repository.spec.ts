import { rfc3339ToNs } from './influx.repository';

describe('rfc3339ToNs', () => {
  it('keeps every nanosecond of an InfluxDB time', () => {
    expect(rfc3339ToNs('2026-11-24T10:00:00.000000012Z')).toBe(1795514400000000012n);
    expect(rfc3339ToNs('2026-11-24T10:00:00.5Z')).toBe(1795514400500000000n);
    expect(rfc3339ToNs('2026-11-24T10:00:00Z')).toBe(1795514400000000000n);
  });

  it('refuses anything else', () => {
    expect(() => rfc3339ToNs('1795514400')).toThrow(/unexpected InfluxDB time/);
  });
});
