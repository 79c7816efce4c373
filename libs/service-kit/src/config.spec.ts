import { ConfigError, env, loadConfig } from './config';

describe('loadConfig', () => {
  const spec = {
    PORT: env.port(3001),
    DATABASE_URL: env.url({ protocols: ['postgres', 'postgresql'] }),
    MODE: env.oneOf(['development', 'production'] as const, { default: 'development' }),
    ORIGINS: env.list({ default: [] }),
    DEBUG: env.bool({ default: false }),
    LABEL: env.string({ optional: true }),
  };

  it('returns typed values with defaults filled in', () => {
    const c = loadConfig(spec, { DATABASE_URL: 'postgres://u:p@h:5433/db', ORIGINS: 'a.com, b.com' });
    expect(c).toEqual({
      PORT: 3001,
      DATABASE_URL: 'postgres://u:p@h:5433/db',
      MODE: 'development',
      ORIGINS: ['a.com', 'b.com'],
      DEBUG: false,
      LABEL: undefined,
    });
  });

  it('names every missing or malformed variable at once', () => {
    let err: unknown;
    try {
      loadConfig(spec, { PORT: 'abc', MODE: 'staging', DEBUG: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT: must be an integer, got 'abc'/);
    expect(problems).toMatch(/DATABASE_URL: is required/);
    expect(problems).toMatch(/MODE: must be one of development, production, got 'staging'/);
    expect(problems).toMatch(/DEBUG: must be true or false/);
    expect((err as ConfigError).problems).toHaveLength(4);
  });

  it('rejects a URL with the wrong protocol and an out-of-range port', () => {
    expect(() => loadConfig(spec, { DATABASE_URL: 'mysql://x', PORT: '70000' })).toThrow(
      /PORT: must be <= 65535[\s\S]*DATABASE_URL: must use postgres or postgresql/,
    );
  });
});
