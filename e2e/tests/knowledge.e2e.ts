import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import type { Browser } from "playwright-core";
import { launch, newPage, signIn } from "../support/browser.ts";

/**
 * 知识库 (issue 22), in Chromium and Chinese: staff write an article whose Markdown carries a
 * script, an inline handler and a javascript: link, and publish it; the enterprise admin reads it
 * in the portal and nothing runs; then types a question on 提交诉求, the article is suggested, and
 * "这解决了我的问题" leaves without creating an item while the deflection is counted.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;

beforeAll(async () => {
  ({ browser, close } = await launch());
  db = new pg.Pool({ connectionString: inject("ownerUrl"), max: 1 });
});
afterAll(async () => {
  await db.end();
  await close();
});

const count = async (text: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(text, params)).rows[0]!.n);

describe("knowledge base", () => {
  it("a script in an article does not run; a suggested article stops a duplicate question", async () => {
    const run = Date.now().toString(36);
    const title = `门头招牌更换备案${run}`;

    // Staff write the article (with hostile Markdown) and publish it.
    const staff = await newPage(browser);
    await signIn(staff.page, "staff@xinhong.test");
    await staff.page.goto("/knowledge/new");
    const form = staff.page.getByTestId("article-form");
    await form.locator("input[name=title]").fill(title);
    await form.locator("select[name=category]").selectOption("fit_out");
    await form.locator("input[name=tags]").fill("招牌，备案");
    await form
      .locator("textarea[name=body]")
      .fill(
        [
          "## 办理材料",
          "1. 招牌设计效果图",
          "2. 物业同意书",
          "<script>window.__kbPwned = 1</script>",
          '<img src="x" onerror="window.__kbPwned = 2">',
          '<iframe src="javascript:window.__kbPwned = 4"></iframe>',
          "[点这里](javascript:window.__kbPwned=3)",
        ].join("\n\n"),
      );
    await staff.page.getByTestId("article-save").click();
    await staff.page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
    const articleId = staff.page.url().split("/").pop()!;
    await staff.page.getByTestId("article-publish").click();
    await staff.page.getByText("文章已发布，企业可在门户查阅。").waitFor();
    expect(
      await staff.page.getByTestId("article-revisions").locator("li").count(),
    ).toBe(2);
    await staff.context.close();

    // The admin reads it in the portal: no script, frame or handler, no dialog, nothing ran.
    const admin = await newPage(browser);
    const dialogs: string[] = [];
    admin.page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(admin.page, "enterprise@xinhong.test");
    await admin.page.goto(`/portal/knowledge/${articleId}`);
    const body = admin.page.getByTestId("article-body");
    await body.getByText("物业同意书").waitFor();
    expect(
      await body.locator("script, iframe, [onerror], [onclick]").count(),
    ).toBe(0);
    expect(await body.locator('a[href^="javascript"]').count()).toBe(0);
    await body.getByText("点这里").click();
    await body.locator("img").count();
    expect(
      await admin.page.evaluate(
        () => (window as unknown as { __kbPwned?: number }).__kbPwned,
      ),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);

    // The portal's knowledge base finds it by two characters of its title.
    await admin.page.goto(`/portal/knowledge?q=${encodeURIComponent(run)}`);
    await admin.page
      .getByTestId("portal-article-list")
      .getByText(title)
      .waitFor();

    // Typing a question: the article is suggested; "answered" creates nothing and is counted.
    const items = await count(
      "select count(*) as n from work_items where kind = 'consultation'",
    );
    const deflections = await count(
      "select count(*) as n from knowledge_deflections where article_id = $1",
      [articleId],
    );
    await admin.page.goto("/portal/new");
    await admin.page.getByLabel("诉求事项").fill(`请问${title}要准备什么`);
    const suggestion = admin.page
      .getByTestId("article-suggestion")
      .filter({ hasText: title });
    await suggestion.waitFor();
    await suggestion.getByTestId("article-answered").click();
    await admin.page.waitForURL(/\/portal$/);
    await admin.page.getByText("很高兴帮到您！本次咨询未提交。").waitFor();
    expect(
      await count(
        "select count(*) as n from work_items where kind = 'consultation'",
      ),
    ).toBe(items);
    expect(
      await count(
        "select count(*) as n from knowledge_deflections where article_id = $1",
        [articleId],
      ),
    ).toBe(deflections + 1);
    await admin.context.close();
  });

  it("staff insert an article link into a reply", async () => {
    const staff = await newPage(browser);
    await signIn(staff.page, "staff@xinhong.test");
    await staff.page.goto("/items");
    await staff.page.locator('a[href^="/items/"][href*="-"]').first().click();
    await staff.page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    const picker = staff.page.getByTestId("article-link-picker");
    await picker.locator("summary").click();
    await picker.getByLabel("搜索文章").fill("稳岗补贴");
    await picker.getByRole("button", { name: "插入" }).first().click();
    expect(
      await staff.page.getByTestId("composer").locator("textarea").inputValue(),
    ).toMatch(/《稳岗补贴[^》]*》http.*\/portal\/knowledge\/[0-9a-f-]{36}/);
    await staff.context.close();
  });
});
