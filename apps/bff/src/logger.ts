/** The service's pino logger, provided for classes that log outside a request's own line. */
export const BFF_LOGGER = Symbol('BFF_LOGGER');
