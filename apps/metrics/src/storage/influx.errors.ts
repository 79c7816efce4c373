/** InfluxDB cannot be reached, timed out or answered 5xx: retry later, nothing is known to be stored. */
export class InfluxUnavailableError extends Error {
  readonly code = 'INFLUX_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfluxUnavailableError';
  }
}

/**
 * InfluxDB answered and refused the request (4xx, or an error inside a 200 query answer): the
 * same request will be refused again. For a write, InfluxDB may have stored the other points
 * ("partial write").
 */
export class InfluxRejectedError extends Error {
  readonly code = 'INFLUX_REJECTED';

  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InfluxRejectedError';
  }
}
