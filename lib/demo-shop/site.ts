// The demo shop the seeded demo journeys test: a few plain HTML pages with no framework and no
// external resources, so the same site can be served inside Rota (app/demo-shop) and by a bare
// node:http server in tests. It has one page that throws in the browser and one that answers 500 on
// purpose, so a fresh demo shows findings of every kind.

export type DemoShopResponse = { status: number; html: string; delayMs: number };

type Product = { slug: string; name: string; price: string; blurb: string };

const PRODUCTS: readonly Product[] = [
  { slug: "boots", name: "Trail boots", price: "€89.00", blurb: "Waterproof leather boots for long days on rough paths." },
  { slug: "tent", name: "Two-person tent", price: "€149.00", blurb: "A light dome tent that pitches in five minutes." },
  { slug: "lantern", name: "Camping lantern", price: "€24.50", blurb: "A rechargeable lantern that lasts three nights." },
];

const SLOW_DEFAULT_MS = 1500;
const SLOW_MAX_MS = 30_000;

/**
 * The page at `path` (the part after the shop's mount point, starting with "/"). `basePath` is
 * where the shop is mounted ("" at a server's root, "/demo-shop" inside Rota): links are absolute
 * under it, because relative links break when a server adds or drops a trailing slash.
 */
export function demoShopResponse(path: string, search: URLSearchParams, basePath = ""): DemoShopResponse {
  const at = (p: string) => `${basePath}${p}`;
  const normalized = path.length > 1 ? path.replace(/\/+$/, "") : "/";
  const ok = (html: string, delayMs = 0): DemoShopResponse => ({ status: 200, html, delayMs });

  if (normalized === "/") return ok(home(at));
  const product = /^\/products\/([^/]+)$/.exec(normalized);
  if (product) {
    const p = PRODUCTS.find((x) => x.slug === product[1]);
    return p ? ok(productPage(at, p)) : notFound(at);
  }
  switch (normalized) {
    case "/search":
      return ok(searchPage(at, search.get("q") ?? ""));
    case "/cart":
      return ok(cartPage(at, search.get("add")));
    case "/checkout":
      return ok(checkoutPage(at));
    case "/thanks":
      return ok(thanksPage(at, search.get("email") ?? ""));
    case "/broken":
      return ok(brokenPage(at));
    case "/error":
      return {
        status: 500,
        html: page(at, "Error", `<h1>Something went wrong</h1><p>The shop could not answer. Try again later.</p>`),
        delayMs: 0,
      };
    case "/slow": {
      const ms = slowDelay(search.get("ms"));
      return ok(page(at, "Slow page", `<h1>Slow page</h1><p>This page took ${ms} ms to answer.</p>`), ms);
    }
    default:
      return notFound(at);
  }
}

function slowDelay(raw: string | null): number {
  if (raw === null || raw.trim() === "") return SLOW_DEFAULT_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) return SLOW_DEFAULT_MS;
  return Math.min(Math.floor(n), SLOW_MAX_MS);
}

function notFound(at: (p: string) => string): DemoShopResponse {
  return {
    status: 404,
    html: page(at, "Not found", `<h1>Page not found</h1><p><a href="${at("/")}">Back to the shop</a></p>`),
    delayMs: 0,
  };
}

function home(at: (p: string) => string): string {
  const items = PRODUCTS.map(
    (p) => `<li><a href="${at(`/products/${p.slug}`)}">${escapeHtml(p.name)}</a> ${escapeHtml(p.price)}</li>`,
  ).join("");
  return page(
    at,
    "Rota demo shop",
    `<h1>Rota demo shop</h1>
<form action="${at("/search")}" method="get" role="search">
<label for="q">Search</label> <input id="q" name="q" type="search"> <button type="submit">Search</button>
</form>
<h2>Products</h2>
<ul>${items}</ul>
<p><a href="${at("/broken")}">Today's deals</a></p>`,
  );
}

function productPage(at: (p: string) => string, p: Product): string {
  return page(
    at,
    p.name,
    `<h1>${escapeHtml(p.name)}</h1>
<p>${escapeHtml(p.blurb)}</p>
<p>${escapeHtml(p.price)}</p>
<form action="${at("/cart")}" method="get">
<input type="hidden" name="add" value="${escapeHtml(p.slug)}">
<button id="add" type="submit">Add to cart</button>
</form>`,
  );
}

function searchPage(at: (p: string) => string, q: string): string {
  const needle = q.trim().toLowerCase();
  const hits = needle
    ? PRODUCTS.filter((p) => p.name.toLowerCase().includes(needle) || p.blurb.toLowerCase().includes(needle))
    : [];
  const list = hits.map((p) => `<li><a href="${at(`/products/${p.slug}`)}">${escapeHtml(p.name)}</a></li>`).join("");
  const count = `${hits.length} ${hits.length === 1 ? "result" : "results"} for "${escapeHtml(q)}"`;
  return page(at, "Search", `<h1>Search</h1><p>${count}</p><ul>${list}</ul>`);
}

function cartPage(at: (p: string) => string, add: string | null): string {
  const p = PRODUCTS.find((x) => x.slug === add);
  if (!p) return page(at, "Cart", `<h1>Your cart</h1><p>Your cart is empty.</p>`);
  return page(
    at,
    "Cart",
    `<h1>Your cart</h1>
<p>1 item in your cart</p>
<ul><li>${escapeHtml(p.name)} ${escapeHtml(p.price)}</li></ul>
<p><a id="checkout" href="${at("/checkout")}">Checkout</a></p>`,
  );
}

function checkoutPage(at: (p: string) => string): string {
  return page(
    at,
    "Checkout",
    `<h1>Checkout</h1>
<form action="${at("/thanks")}" method="get">
<label for="email">Email</label> <input id="email" name="email" type="email" required>
<button id="place-order" type="submit">Place order</button>
</form>`,
  );
}

function thanksPage(at: (p: string) => string, email: string): string {
  const to = email ? `<p>A confirmation is on its way to ${escapeHtml(email)}.</p>` : "";
  return page(at, "Order placed", `<h1>Thank you for your order</h1>${to}`);
}

function brokenPage(at: (p: string) => string): string {
  // The bug a demo run should find: the page renders, but its script throws (a page error).
  return page(
    at,
    "Today's deals",
    `<h1>Today's deals</h1>
<p>No deals today: our recommendations are resting.</p>
<script>throw new Error("Recommendations widget is not configured");</script>`,
  );
}

function page(at: (p: string) => string, title: string, body: string): string {
  // The empty data: icon stops the browser from requesting /favicon.ico (a 404 and a console error).
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style>
</head>
<body>
<nav><a href="${at("/")}">Home</a> · <a href="${at("/cart")}">Cart</a></nav>
<main>
${body}
</main>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
