// Where the queue survives a crash, a reload or an offline period: localStorage in browsers,
// a file in Node, nothing elsewhere. Reading is synchronous (once, at init) so that the events
// a game tracks right after init() join the persisted ones in order.

export interface TelemetryStorage {
  /** The saved state, or null. Called once, by init(). */
  load(): string | null;
  /** Replaces the saved state. Calls are serialised by the SDK (one at a time). */
  save(data: string): void | Promise<void>;
}

export function memoryStorage(): TelemetryStorage {
  let data: string | null = null;
  return {
    load: () => data,
    save: (d) => {
      data = d;
    },
  };
}

interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Browser storage (localStorage by default). A full quota makes save() throw: the SDK reports it and keeps the queue in memory. */
export function webStorage(key: string, storage?: WebStorage): TelemetryStorage {
  const s = storage ?? (globalThis as { localStorage?: WebStorage }).localStorage;
  if (!s) throw new Error('webStorage: no localStorage in this environment');
  return {
    load: () => s.getItem(key),
    save: (d) => s.setItem(key, d),
  };
}

interface NodeFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  promises: {
    writeFile(path: string, data: string): Promise<void>;
    rename(from: string, to: string): Promise<void>;
  };
}

interface NodeProcess {
  versions?: { node?: string };
  pid?: number;
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node && typeof p.getBuiltinModule === 'function' ? p : undefined;
}

/**
 * Node: a JSON file, replaced atomically (write a temporary file, then rename), so a crash
 * mid-write leaves the previous state intact. Built-in modules are reached through
 * process.getBuiltinModule, so browser bundlers never see an import of `node:fs`.
 */
export function fileStorage(file: string): TelemetryStorage {
  const proc = nodeProcess();
  if (!proc) throw new Error('fileStorage: needs Node >= 22');
  const fs = proc.getBuiltinModule!('node:fs') as NodeFs;
  const path = proc.getBuiltinModule!('node:path') as { dirname(p: string): string };
  const tmp = `${file}.${proc.pid ?? 0}.tmp`;
  let dirReady = false;
  return {
    load: () => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
    save: async (d) => {
      if (!dirReady) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        dirReady = true;
      }
      await fs.promises.writeFile(tmp, d);
      await fs.promises.rename(tmp, file);
    },
  };
}

/** localStorage in a browser, a file under the OS temp directory in Node, memory elsewhere. */
export function defaultStorage(name: string): TelemetryStorage {
  if ((globalThis as { localStorage?: unknown }).localStorage) return webStorage(`gt-telemetry:${name}`);
  const proc = nodeProcess();
  if (proc) {
    const os = proc.getBuiltinModule!('node:os') as { tmpdir(): string };
    const path = proc.getBuiltinModule!('node:path') as { join(...p: string[]): string };
    return fileStorage(path.join(os.tmpdir(), 'gt-telemetry', `${name}.json`));
  }
  return memoryStorage();
}
