// What the real-browser test files share: a server started from the freshly built
// binary on a random port, Debian's chromium, pages that may load nothing from
// another host, and axe.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const BIN = process.env.PEERWAY_BIN;
const PORT = 18000 + Math.floor(Math.random() * 2000);
export const BASE = `http://127.0.0.1:${PORT}`;
export const EXIT_HOST = "www.weather.gov";
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let server;
let browser;
let indexDir;
export const foreignRequests = [];

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`${BASE}/healthz`);
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("peerway serve did not come up");
}

before(async () => {
  assert.ok(BIN, "PEERWAY_BIN names the peerway binary");
  indexDir = mkdtempSync(join(tmpdir(), "peerway-browser-"));
  execFileSync(BIN, ["build", "--index", indexDir], { stdio: "ignore" });
  // Reports (and the data folder the server checks at start) stay in the temp folder.
  server = spawn(BIN, ["serve", "--index", indexDir, "--data", join(indexDir, "data"), "--addr", `127.0.0.1:${PORT}`], { stdio: "ignore" });
  await waitForServer();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
});

/** Run the peerway command line on the server's index and data folders (an
 *  invite link, a token); its standard output, trimmed. */
export function peerway(args) {
  return execFileSync(BIN, ["--index", indexDir, "--data", join(indexDir, "data"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(indexDir, { recursive: true, force: true });
});

/** A page whose requests to any host but ours are recorded and refused; the
 *  Quick exit destination gets a stub page so the navigation can be seen. */
export async function newPage(options = {}) {
  const context = await browser.newContext(options);
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.host === `127.0.0.1:${PORT}`) return route.continue();
    if (url.host === EXIT_HOST) return route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title>" });
    foreignRequests.push(url.href);
    return route.abort();
  });
  return context.newPage();
}

/** axe over WCAG 2.2 AA: no serious or critical violation, or (with `none`) no
 *  violation at all. */
export async function assertAccessible(page, label, { none = false } = {}) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const failing = none
    ? results.violations
    : results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    failing.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`),
    [],
    `${label}: axe found ${none ? "" : "serious or critical "}violations`,
  );
  console.log(`axe ${label}: ${results.violations.length} violations (${failing.length} counted), ${results.passes.length} passes`);
}
