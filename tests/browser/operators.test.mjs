// Program staff and curators in a real browser: an invite link, the program panel,
// beds free reaching the public page, the curators' queue and audit log — each page
// accessible (axe) and without sideways scrolling at 375 px and 1280 px. Sign-in
// names are synthetic; the program is a real listing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BASE, foreignRequests, newPage, assertAccessible, peerway } from "./harness.mjs";

const PASSPHRASE = "synthetic correct horse battery";

async function fitsWidth(page, width, label) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${label} is ${scroll}px wide at ${width}px`);
}

async function shot(page, name) {
  if (process.env.PEERWAY_SCREENSHOTS) {
    await page.screenshot({ path: join(process.env.PEERWAY_SCREENSHOTS, `${name}.png`), fullPage: true });
  }
}

for (const width of [375, 1280]) {
  test(`program staff at ${width} px: invite, panel, beds free on the public page`, async () => {
    const page = await newPage({ viewport: { width, height: 900 } });
    const link = peerway(["operators", "invite", "--program", "afiya-peer-respite"]);
    const path = link.slice(link.indexOf("/operator/invite"));
    await page.goto(`${BASE}${path}`);
    await assertAccessible(page, `invite at ${width}`, { none: true });
    await fitsWidth(page, width, "invite");
    await page.fill("#login", `synthetic-browser-${width}`);
    await page.fill("#passphrase", PASSPHRASE);
    await page.fill("#again", PASSPHRASE);
    await Promise.all([page.waitForURL(`${BASE}/operator`), page.click("button[type=submit]")]);
    await assertAccessible(page, `dashboard at ${width}`, { none: true });
    await Promise.all([page.waitForURL(/\/operator\/programs\/afiya-peer-respite/), page.click("text=Afiya Peer Respite")]);
    await assertAccessible(page, `panel at ${width}`, { none: true });
    await fitsWidth(page, width, "panel");
    await shot(page, `operator-panel-${width}`);
    await page.fill("#beds_free", "2");
    await page.fill("#beds_total", "6");
    await page.check("#accepting");
    await Promise.all([page.waitForURL(/done=availability/), page.click("button:has-text('Save beds free')")]);
    assert.ok(await page.getByText("Beds free are saved").isVisible());
    await assertAccessible(page, `panel after saving at ${width}`, { none: true });
    await page.goto(`${BASE}/programs/afiya-peer-respite`);
    assert.match(await page.locator("p.live").first().innerText(), /2 of 6 beds free · accepting guests now · updated (just now|\d+ minutes? ago) by the program/);
    await assertAccessible(page, `program with beds free at ${width}`, { none: true });
    await page.goto(`${BASE}/search?beds=free`);
    assert.ok(await page.locator("text=Afiya Peer Respite").first().isVisible());
    await assertAccessible(page, `beds free now at ${width}`);
    await fitsWidth(page, width, "results with beds free");
    assert.deepEqual(foreignRequests, [], "pages made requests to other hosts");
  });
}

test("curators: sign-in, review queue and audit log are accessible at 375 px and 1280 px", async () => {
  const link = peerway(["curators", "add"]);
  const page = await newPage({ viewport: { width: 375, height: 900 } });
  await page.goto(`${BASE}/curate`);
  await assertAccessible(page, "curator sign-in", { none: true });
  await page.goto(`${BASE}${link.slice(link.indexOf("/curate/invite"))}`);
  await page.fill("#login", "synthetic-curator");
  await page.fill("#passphrase", PASSPHRASE);
  await page.fill("#again", PASSPHRASE);
  await Promise.all([page.waitForURL(`${BASE}/curate`), page.click("button[type=submit]")]);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${BASE}/curate`);
    await assertAccessible(page, `review queue at ${width}`, { none: true });
    await fitsWidth(page, width, "review queue");
    await page.goto(`${BASE}/curate/audit`);
    await assertAccessible(page, `audit log at ${width}`, { none: true });
    await fitsWidth(page, width, "audit log");
    await shot(page, `audit-${width}`);
  }
});
