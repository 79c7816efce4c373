/** Injection tokens of core's own providers. */
export const CORE_CONFIG = Symbol('CORE_CONFIG');
