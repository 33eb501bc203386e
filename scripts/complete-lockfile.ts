/**
 * Adds the lock entries of @biomejs/biome's per-platform binaries that `npm install` leaves out
 * when the registry it talks to lacks them (this project's build machines use a registry mirror
 * that only carries the linux packages). Without them `npm ci` refuses the lockfile as out of
 * sync ("Missing: @biomejs/cli-darwin-arm64@ from lock file"). The entries carry os/cpu/libc, so
 * npm skips them on every other platform and fetches them by version where they apply.
 *
 * Run after changing the Biome version: `node scripts/complete-lockfile.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";

type LockEntry = Record<string, unknown> & { version?: string };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, LockEntry>;
};
const biome = lock.packages["node_modules/@biomejs/biome"];
if (!biome?.version) throw new Error("@biomejs/biome is not in package-lock.json");

const PLATFORMS: Record<string, [os: string, cpu: string, libc?: string]> = {
  "android-arm64": ["android", "arm64"],
  "android-x64": ["android", "x64"],
  "darwin-arm64": ["darwin", "arm64"],
  "darwin-x64": ["darwin", "x64"],
  "linux-arm64": ["linux", "arm64", "glibc"],
  "linux-arm64-musl": ["linux", "arm64", "musl"],
  "linux-x64": ["linux", "x64", "glibc"],
  "linux-x64-musl": ["linux", "x64", "musl"],
  "win32-arm64": ["win32", "arm64"],
  "win32-x64": ["win32", "x64"],
};

let added = 0;
for (const [suffix, [os, cpu, libc]] of Object.entries(PLATFORMS)) {
  const key = `node_modules/@biomejs/cli-${suffix}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = {
    version: biome.version,
    cpu: [cpu],
    dev: true,
    ...(libc ? { libc: [libc] } : {}),
    license: "MIT OR Apache-2.0",
    optional: true,
    os: [os],
    engines: { node: ">=14.21.3" },
  };
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a.localeCompare(b),
  ),
);
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} lock entries`);
