// Unity needs a .meta file beside every file and folder of a package it installs from git or a
// tarball (such packages are read-only, so Unity cannot create them). This writes the missing
// ones with a GUID derived from the path, so they are stable; --check only reports them.
//   node libs/sdk-unity/scripts/meta.mjs [--check]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../com.gametelemetry.sdk');
const check = process.argv.includes('--check');

const common = 'externalObjects: {}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n';
function metaFor(rel, isDir) {
  const guid = createHash('md5').update(`com.gametelemetry.sdk/${rel}`).digest('hex');
  const head = `fileFormatVersion: 2\nguid: ${guid}\n`;
  if (isDir) return `${head}folderAsset: yes\nDefaultImporter:\n  ${common}`;
  if (rel.endsWith('.cs')) {
    return `${head}MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n  executionOrder: 0\n  icon: {instanceID: 0}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n`;
  }
  if (rel.endsWith('.asmdef')) return `${head}AssemblyDefinitionImporter:\n  ${common}`;
  return `${head}TextScriptImporter:\n  ${common}`;
}

const problems = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    const rel = path.relative(pkg, full).split(path.sep).join('/');
    if (name.endsWith('.meta')) {
      const target = full.slice(0, -'.meta'.length);
      if (!existsSync(target)) {
        if (check) problems.push(`${rel} has no file or folder`);
        else unlinkSync(full);
      }
      continue;
    }
    const isDir = statSync(full).isDirectory();
    // Folders ending in ~ (Samples~) are hidden from Unity; their contents keep metas for when they are imported.
    if (!name.endsWith('~')) {
      const meta = `${full}.meta`;
      if (!existsSync(meta)) {
        if (check) problems.push(`${rel} has no .meta`);
        else writeFileSync(meta, metaFor(rel, isDir));
      }
    }
    if (isDir) walk(full);
  }
}
walk(pkg);
if (problems.length) {
  for (const p of problems) console.error(`[sdk-unity] ${p}`);
  process.exit(1);
}
if (!check) console.log('[sdk-unity] .meta files up to date');
