// Settings → Channels in a real browser: the empty state, a webhook channel created with its
// signing secret shown once, a test message that reaches a receiver on loopback signed with that
// secret, and the row's last delivery.
import { test, expect } from "@playwright/test";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { signIn } from "./support/session";

test("an admin adds a webhook channel, keeps its secret and sends a signed test", async ({ page }) => {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    await signIn(page);
    await page.goto("/settings/channels");
    await expect(page.getByRole("heading", { name: "Channels" })).toBeVisible();
    await expect(page.getByText("No channels yet")).toBeVisible();

    await page.getByLabel("Name").first().fill("e2e hook");
    await page.getByLabel("Kind").selectOption("webhook");
    await page.getByLabel("URL").fill(url);
    await page.getByRole("button", { name: "Add channel" }).click();
    const secret = (await page.getByTestId("channel-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByRole("row", { name: /e2e hook/ });
    await expect(row).toBeVisible();

    await row.getByRole("button", { name: "Send test" }).click();
    await expect(row.getByText(/Delivered \(HTTP 200\)/)).toBeVisible();
    expect(got).toHaveLength(1);
    const { headers, body } = got[0]!;
    expect(JSON.parse(body).type).toBe("test");
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const want = createHmac("sha256", key).update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`).digest("base64");
    expect(String(headers["webhook-signature"]).split(" ")).toContain(`v1,${want}`);
    await page.reload();
    await expect(page.getByRole("row", { name: /e2e hook/ }).getByText(/UTC/).first()).toBeVisible();
    await expect(page.getByTestId("channel-secret")).toHaveCount(0);
  } finally {
    server.close();
  }
});
