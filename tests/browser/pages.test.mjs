// Real-browser test of Peerway's pages: Debian chromium, driven by playwright-core,
// checked with axe. Run through `cargo test` (tests/browser.rs), which passes the
// freshly built binary in PEERWAY_BIN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BASE, EXIT_HOST, foreignRequests, newPage, assertAccessible } from "./harness.mjs";

test("home → search → facet → program → quick exit, accessible at each step", async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE}/`);
  assert.match(await page.locator("h1").innerText(), /alternatives to hospitalizing people/);
  await assertAccessible(page, "home");

  await page.fill("#q", "respite");
  await page.fill("#near", "01060");
  await Promise.all([page.waitForURL(/\/search\?/), page.click("button[type=submit]")]);
  assert.match(page.url(), /q=respite/);
  assert.match(page.url(), /near=01060/);
  const first = page.locator("ol.hits li.hit h3 a").first();
  assert.equal(await first.innerText(), "Afiya Peer Respite");
  await assertAccessible(page, "results");

  await page.click("summary:has-text('Peer role')");
  await Promise.all([page.waitForURL(/peer_role=peer_run/), page.click("aside.facets a:has-text('Peer-run')")]);
  assert.ok(await page.locator("ul.chips a", { hasText: "Peer role: Peer-run" }).isVisible());
  await assertAccessible(page, "results with a facet");

  await Promise.all([page.waitForURL(/\/programs\/afiya-peer-respite/), page.click("text=Afiya Peer Respite")]);
  assert.equal(await page.locator("h1").innerText(), "Afiya Peer Respite");
  assert.ok(await page.locator("a[href='tel:+14135702990']").isVisible());
  await assertAccessible(page, "program");

  await Promise.all([page.waitForURL(`https://${EXIT_HOST}/`), page.click("a.quick-exit")]);
  assert.equal(new URL(page.url()).host, EXIT_HOST);
  assert.deepEqual(foreignRequests, [], "pages made requests to other hosts");
});

test("referral list: tick programs, open the list, accessible; report form accessible", async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  // The default view keeps the cards calm: the checkbox is one tap away.
  await page.goto(`${BASE}/search?q=respite&near=01060`);
  assert.equal(await page.locator("input[name=ids][value=afiya-peer-respite]").isVisible(), false);
  // The clinician view (in the URL, no cookie) shows it at once, and keeps the view in links.
  await page.goto(`${BASE}/search?q=respite&near=01060&view=clinician`);
  await page.check("input[name=ids][value=afiya-peer-respite]");
  await page.check("input[name=ids][value=karaya-peer-run-respite]");
  const bar = page.locator(".referral-bar button");
  assert.equal((await bar.innerText()).trim(), "2 selected · Make referral list");
  assert.equal(await page.locator(".referral-bar").evaluate((el) => getComputedStyle(el).position), "sticky");
  assert.match(await page.locator("a.chip").getAttribute("href"), /view=clinician/);
  await Promise.all([page.waitForURL(/\/referral\?/), bar.click()]);
  assert.ok(await page.locator("h2", { hasText: "Afiya Peer Respite" }).isVisible());
  assert.ok(await page.locator("h2", { hasText: "Karaya Peer-Run Respite" }).isVisible());
  assert.match(await page.locator("#as-text").inputValue(), /Call 413-570-2990/);
  await assertAccessible(page, "referral");
  await page.goto(`${BASE}/programs/afiya-peer-respite`);
  await assertAccessible(page, "program with report form");
});

test("states map and a state page are accessible", async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE}/states?kind=peer_respite`);
  assert.equal(await page.locator("svg a").count(), 52);
  await assertAccessible(page, "states");
  await Promise.all([page.waitForURL(/\/states\/OR$/), page.click("table a:has-text('Oregon')")]);
  assert.match(await page.locator("h1").innerText(), /Oregon/);
  await assertAccessible(page, "state page");
  await page.goto(`${BASE}/models/peer_respite`);
  await assertAccessible(page, "model page");
});

test("county map and a state's county table are accessible and linked", async () => {
  for (const width of [375, 1280]) {
    const page = await newPage({ viewport: { width, height: 900 } });
    await page.goto(`${BASE}/counties?kind=mobile_team`);
    assert.equal(await page.locator("svg a path").count(), 3220);
    await assertAccessible(page, `counties at ${width}px`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `/counties is ${scroll}px wide at ${width}px`);
    await Promise.all([page.waitForURL(/\/states\/KS#counties$/), page.click("table a:text-is('Kansas')")]);
    assert.equal(await page.locator("tr[id^=c20]").count(), 105);
    await assertAccessible(page, `Kansas counties at ${width}px`);
  }
});

test("Esc leaves through Quick exit", async () => {
  const page = await newPage();
  await page.goto(`${BASE}/search?q=warmline`);
  await Promise.all([page.waitForURL(`https://${EXIT_HOST}/`), page.keyboard.press("Escape")]);
  assert.equal(new URL(page.url()).host, EXIT_HOST);
});

test("Quick exit leaves no way Back to the search, and titles name no search", async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  await page.goto(`${BASE}/search?q=im+not+ok&near=Columbus%2C+OH`);
  assert.equal(await page.title(), "Search results · Peerway");
  await Promise.all([page.waitForURL(`https://${EXIT_HOST}/`), page.click("a.quick-exit")]);
  await page.goBack();
  assert.ok(!page.url().includes("/search"), `Back went to ${page.url()}`);
});

test("on a phone the first result and its Call button are on the first screen", async () => {
  const page = await newPage({ viewport: { width: 375, height: 812 } });
  for (const path of ["/search?q=I+need+someone+to+talk+to&near=Columbus%2C+OH", "/search?q=respite&near=01060", "/search?q=im+not+ok"]) {
    await page.goto(`${BASE}${path}`);
    const name = await page.locator("ol.hits li.hit h3").first().boundingBox();
    const call = await page.locator("ol.hits li.hit .contact a").first().boundingBox();
    assert.ok(name.y + name.height <= 812, `${path}: first name ends at ${name.y + name.height}`);
    assert.ok(call.y + call.height <= 812, `${path}: first Call button ends at ${call.y + call.height}`);
    await assertAccessible(page, `results at 375 px: ${path}`);
  }
});

test("the states table: every column in view at 1280 px, the state column kept when it scrolls at 375 px", async () => {
  const wide = await newPage({ viewport: { width: 1280, height: 900 } });
  await wide.goto(`${BASE}/states`);
  const fits = await wide.locator(".states-table").evaluate((el) => el.scrollWidth <= el.clientWidth);
  assert.ok(fits, "no sideways scrolling at 1280 px");
  const phone = await newPage({ viewport: { width: 375, height: 812 } });
  await phone.goto(`${BASE}/states`);
  const region = phone.locator(".states-table");
  const left = (await region.boundingBox()).x;
  await region.evaluate((el) => { el.scrollLeft = 500; });
  const state = await phone.locator(".states-table tbody th").first().boundingBox();
  assert.ok(Math.abs(state.x - left) < 2, `the state column stays at the left edge (${state.x} vs ${left})`);
  await assertAccessible(phone, "states at 375 px");
});

test("search works with JavaScript off", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${BASE}/`);
  assert.equal(await page.locator("#use-location").isVisible(), false, "location button needs JS");
  await page.fill("#near", "Eugene, OR");
  await page.selectOption("#radius", "25mi");
  await Promise.all([page.waitForURL(/\/search\?/), page.click("button[type=submit]")]);
  assert.ok(await page.locator("text=David Romprey Oregon Warmline").first().isVisible());
});

test("usable at 320 px wide: no sideways scrolling, Quick exit visible", async () => {
  const page = await newPage({ viewport: { width: 320, height: 640 } });
  for (const path of ["/", "/search?q=respite&near=01060", "/programs/afiya-peer-respite", "/about"]) {
    await page.goto(`${BASE}${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width}px wide`);
    assert.ok(await page.locator("a.quick-exit").isVisible(), `${path}: Quick exit visible`);
    await page.mouse.wheel(0, 2000);
    const onScreen = await page.locator("a.quick-exit").evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    assert.ok(onScreen, `${path}: Quick exit stays on screen after scrolling`);
  }
  await assertAccessible(page, "about at 320px");
});

test("keyboard: the first Tab reaches the skip link, Enter follows it", async () => {
  const page = await newPage();
  await page.goto(`${BASE}/search?q=respite`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  await page.keyboard.press("Enter");
  assert.match(page.url(), /#main$/);
});

test("a program page shows its evidence and warns of old information; a state page shows its checks", async () => {
  const api = await (await fetch(`${BASE}/api/v1/search?evidence=old&per_page=1`)).json();
  assert.ok(api.total > 0, "some listing rests on old evidence");
  const id = api.hits[0].id;
  for (const width of [375, 1280]) {
    const page = await newPage({ viewport: { width, height: 812 } });
    await page.goto(`${BASE}/programs/${id}`);
    assert.ok(await page.locator(".evidence").first().isVisible(), "evidence line visible");
    assert.match(await page.locator(".evidence").first().innerText(), /^Evidence: /);
    assert.ok(await page.getByText("Old information — call before going").first().isVisible());
    if (process.env.PEERWAY_SCREENSHOTS) {
      await page.screenshot({ path: join(process.env.PEERWAY_SCREENSHOTS, `program-old-${width}.png`), fullPage: true });
    }
    await assertAccessible(page, `program with old evidence at ${width} px`);
    await page.goto(`${BASE}/states/NE`);
    assert.ok(await page.getByText(/Peerway lists \d+ of the \d+ programs? that/).first().isVisible());
    assert.ok(await page.locator("table.checks").isVisible());
    if (process.env.PEERWAY_SCREENSHOTS) {
      await page.screenshot({ path: join(process.env.PEERWAY_SCREENSHOTS, `state-ne-${width}.png`), fullPage: true });
    }
    await assertAccessible(page, `state page with checks at ${width} px`);
  }
});
