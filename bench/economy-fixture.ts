// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are TypeScript source, template literals included
/**
 * The economy benchmark's pull request: a small order service in TypeScript. Round 1 changes
 * three files and adds two (a few hundred lines of diff); rounds 2 and 3 are a fixer's small
 * pushes (a few changed lines each). Every version is written out whole, as a developer's tree.
 */

/** Files of one commit (path → content; null deletes). */
export type Tree = Record<string, string | null>;

const lines = (...rows: string[]) => `${rows.join("\n")}\n`;

function cart(version: "base" | "pr" | "round3"): string {
  const message =
    version === "round3" ? "quantity must be a positive whole number" : "bad quantity";
  return lines(
    'import type { Product } from "./inventory.ts";',
    "",
    "export interface CartLine {",
    "  product: Product;",
    "  quantity: number;",
    "}",
    "",
    "export interface Cart {",
    "  id: string;",
    "  customerId: string;",
    "  lines: CartLine[];",
    ...(version === "base" ? [] : ["  couponCode: string | null;", "  updatedAt: Date;"]),
    "}",
    "",
    "export function emptyCart(id: string, customerId: string): Cart {",
    version === "base"
      ? "  return { id, customerId, lines: [] };"
      : "  return { id, customerId, lines: [], couponCode: null, updatedAt: new Date(0) };",
    "}",
    "",
    "export function addLine(cart: Cart, product: Product, quantity: number): Cart {",
    "  if (!Number.isInteger(quantity) || quantity <= 0) {",
    `    throw new RangeError("${message}");`,
    "  }",
    "  const existing = cart.lines.find((line) => line.product.sku === product.sku);",
    "  if (existing) {",
    "    return {",
    "      ...cart,",
    "      lines: cart.lines.map((line) =>",
    "        line === existing ? { ...line, quantity: line.quantity + quantity } : line,",
    "      ),",
    ...(version === "base" ? [] : ["      updatedAt: new Date(),"]),
    "    };",
    "  }",
    version === "base"
      ? "  return { ...cart, lines: [...cart.lines, { product, quantity }] };"
      : "  return { ...cart, lines: [...cart.lines, { product, quantity }], updatedAt: new Date() };",
    "}",
    "",
    "export function removeLine(cart: Cart, sku: string): Cart {",
    "  const lines = cart.lines.filter((line) => line.product.sku !== sku);",
    "  if (lines.length === cart.lines.length) return cart;",
    version === "base"
      ? "  return { ...cart, lines };"
      : "  return { ...cart, lines, updatedAt: new Date() };",
    "}",
    "",
    "export function itemCount(cart: Cart): number {",
    "  let count = 0;",
    "  for (const line of cart.lines) count += line.quantity;",
    "  return count;",
    "}",
    "",
    "export function isEmpty(cart: Cart): boolean {",
    "  return cart.lines.length === 0;",
    "}",
    ...(version === "base"
      ? []
      : [
          "",
          "/** Applies a coupon code; the code is validated at checkout, not here. */",
          "export function applyCoupon(cart: Cart, code: string): Cart {",
          "  const trimmed = code.trim().toUpperCase();",
          '  if (trimmed === "") return { ...cart, couponCode: null, updatedAt: new Date() };',
          "  return { ...cart, couponCode: trimmed, updatedAt: new Date() };",
          "}",
          "",
          "export function mergeCarts(into: Cart, from: Cart): Cart {",
          "  let merged = into;",
          "  for (const line of from.lines) merged = addLine(merged, line.product, line.quantity);",
          "  return { ...merged, couponCode: into.couponCode ?? from.couponCode };",
          "}",
        ]),
  );
}

function pricing(version: "base" | "pr" | "round3"): string {
  const round = version === "round3" ? "  return Math.round(cents);" : "  return cents;";
  return lines(
    'import type { Cart } from "./cart.ts";',
    "",
    "export interface PriceBreakdown {",
    "  subtotal: number;",
    ...(version === "base" ? [] : ["  discount: number;"]),
    "  tax: number;",
    "  shipping: number;",
    "  total: number;",
    "}",
    "",
    "export const TAX_RATE = 0.2;",
    "export const FREE_SHIPPING_FROM = 5000;",
    "export const SHIPPING_FEE = 499;",
    ...(version === "base"
      ? []
      : [
          "",
          "const COUPONS: Record<string, { percent: number; minimum: number }> = {",
          "  WELCOME10: { percent: 10, minimum: 0 },",
          "  SPRING25: { percent: 25, minimum: 10000 },",
          "};",
        ]),
    "",
    "function toCents(amount: number): number {",
    "  const cents = amount * 100;",
    round,
    "}",
    "",
    "export function subtotalOf(cart: Cart): number {",
    "  let sum = 0;",
    "  for (const line of cart.lines) sum += toCents(line.product.price) * line.quantity;",
    "  return sum;",
    "}",
    ...(version === "base"
      ? []
      : [
          "",
          "export function discountOf(cart: Cart, subtotal: number): number {",
          "  if (cart.couponCode === null) return 0;",
          "  const coupon = COUPONS[cart.couponCode];",
          "  if (!coupon || subtotal < coupon.minimum) return 0;",
          "  return Math.floor((subtotal * coupon.percent) / 100);",
          "}",
        ]),
    "",
    "export function priceCart(cart: Cart): PriceBreakdown {",
    "  const subtotal = subtotalOf(cart);",
    ...(version === "base"
      ? [
          "  const tax = Math.round(subtotal * TAX_RATE);",
          "  const shipping = subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;",
          "  return { subtotal, tax, shipping, total: subtotal + tax + shipping };",
        ]
      : [
          "  const discount = discountOf(cart, subtotal);",
          "  const taxable = subtotal - discount;",
          "  const tax = Math.round(taxable * TAX_RATE);",
          "  const shipping = taxable >= FREE_SHIPPING_FROM || subtotal === 0 ? 0 : SHIPPING_FEE;",
          "  return { subtotal, discount, tax, shipping, total: taxable + tax + shipping };",
        ]),
    "}",
    "",
    'export function formatCents(cents: number, currency = "EUR"): string {',
    '  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(cents / 100);',
    "}",
  );
}

function inventory(version: "base" | "pr"): string {
  return lines(
    "export interface Product {",
    "  sku: string;",
    "  name: string;",
    "  price: number;",
    "}",
    "",
    "export interface StockLevel {",
    "  sku: string;",
    "  onHand: number;",
    "  reserved: number;",
    "}",
    "",
    "export class Inventory {",
    "  readonly #stock = new Map<string, StockLevel>();",
    "",
    "  receive(sku: string, quantity: number): void {",
    "    const level = this.#stock.get(sku) ?? { sku, onHand: 0, reserved: 0 };",
    "    level.onHand += quantity;",
    "    this.#stock.set(sku, level);",
    "  }",
    "",
    "  available(sku: string): number {",
    "    const level = this.#stock.get(sku);",
    "    return level ? level.onHand - level.reserved : 0;",
    "  }",
    "",
    version === "base"
      ? "  reserve(sku: string, quantity: number): boolean {"
      : "  reserve(sku: string, quantity: number, holdUntil?: Date): boolean {",
    "    const level = this.#stock.get(sku);",
    "    if (!level || level.onHand - level.reserved < quantity) return false;",
    "    level.reserved += quantity;",
    ...(version === "base"
      ? []
      : ["    if (holdUntil) this.#holds.push({ sku, quantity, holdUntil });"]),
    "    return true;",
    "  }",
    "",
    "  release(sku: string, quantity: number): void {",
    "    const level = this.#stock.get(sku);",
    "    if (!level) return;",
    "    level.reserved = Math.max(0, level.reserved - quantity);",
    "  }",
    ...(version === "base"
      ? []
      : [
          "",
          "  readonly #holds: Array<{ sku: string; quantity: number; holdUntil: Date }> = [];",
          "",
          "  /** Releases every hold that expired before `now`; returns how many units came back. */",
          "  expireHolds(now: Date): number {",
          "    let released = 0;",
          "    for (let i = this.#holds.length - 1; i >= 0; i--) {",
          "      const hold = this.#holds[i]!;",
          "      if (hold.holdUntil.getTime() > now.getTime()) continue;",
          "      this.release(hold.sku, hold.quantity);",
          "      released += hold.quantity;",
          "      this.#holds.splice(i, 1);",
          "    }",
          "    return released;",
          "  }",
        ]),
    "}",
  );
}

function checkout(version: "pr" | "round2"): string {
  const fixed = version === "round2";
  return lines(
    'import { type Cart, isEmpty } from "./cart.ts";',
    'import type { Inventory } from "./inventory.ts";',
    'import { type PriceBreakdown, priceCart } from "./pricing.ts";',
    "",
    "export interface PaymentGateway {",
    "  charge(customerId: string, cents: number, idempotencyKey: string): Promise<{ id: string }>;",
    "  refund(chargeId: string): Promise<void>;",
    "}",
    "",
    "export type CheckoutResult =",
    "  | { ok: true; orderId: string; price: PriceBreakdown; chargeId: string }",
    '  | { ok: false; reason: "empty" | "out-of-stock" | "payment-failed"; sku?: string };',
    "",
    "const HOLD_MINUTES = 15;",
    "",
    "/**",
    " * Reserves every line, charges the customer once (the cart id is the idempotency key) and",
    " * releases the reservations again when anything fails.",
    " */",
    "export async function checkout(",
    "  cart: Cart,",
    "  inventory: Inventory,",
    "  payments: PaymentGateway,",
    "  now: Date = new Date(),",
    "): Promise<CheckoutResult> {",
    '  if (isEmpty(cart)) return { ok: false, reason: "empty" };',
    "  const holdUntil = new Date(now.getTime() + HOLD_MINUTES * 60_000);",
    "  const reserved: Array<{ sku: string; quantity: number }> = [];",
    fixed
      ? "  for (let i = 0; i < cart.lines.length; i++) {"
      : "  for (let i = 0; i <= cart.lines.length; i++) {",
    "    const line = cart.lines[i]!;",
    "    if (!inventory.reserve(line.product.sku, line.quantity, holdUntil)) {",
    "      releaseAll(inventory, reserved);",
    '      return { ok: false, reason: "out-of-stock", sku: line.product.sku };',
    "    }",
    "    reserved.push({ sku: line.product.sku, quantity: line.quantity });",
    "  }",
    "  const price = priceCart(cart);",
    "  try {",
    ...(fixed
      ? [
          "    if (price.total <= 0) {",
          "      releaseAll(inventory, reserved);",
          '      return { ok: false, reason: "payment-failed" };',
          "    }",
        ]
      : []),
    "    const charge = await payments.charge(cart.customerId, price.total, cart.id);",
    "    return { ok: true, orderId: `order-${cart.id}`, price, chargeId: charge.id };",
    "  } catch {",
    "    releaseAll(inventory, reserved);",
    '    return { ok: false, reason: "payment-failed" };',
    "  }",
    "}",
    "",
    "function releaseAll(",
    "  inventory: Inventory,",
    "  reserved: ReadonlyArray<{ sku: string; quantity: number }>,",
    "): void {",
    "  for (const { sku, quantity } of reserved) inventory.release(sku, quantity);",
    "}",
    "",
    "/** A human-readable receipt, one line per cart line and the totals. */",
    "export function receipt(cart: Cart, price: PriceBreakdown): string {",
    "  const rows = cart.lines.map(",
    "    (line) => `${line.quantity} × ${line.product.name} (${line.product.sku})`,",
    "  );",
    "  rows.push(`subtotal ${price.subtotal}`, `tax ${price.tax}`, `shipping ${price.shipping}`);",
    "  rows.push(`total ${price.total}`);",
    '  return rows.join("\\n");',
    "}",
  );
}

function checkoutTest(): string {
  return lines(
    'import { describe, expect, it } from "vitest";',
    'import { addLine, emptyCart } from "../../src/orders/cart.ts";',
    'import { checkout, type PaymentGateway } from "../../src/orders/checkout.ts";',
    'import { Inventory } from "../../src/orders/inventory.ts";',
    "",
    'const WIDGET = { sku: "W-1", name: "Widget", price: 12.5 };',
    'const GADGET = { sku: "G-2", name: "Gadget", price: 40 };',
    "",
    "function gateway(fail = false): PaymentGateway & { charges: number } {",
    "  const state = {",
    "    charges: 0,",
    "    async charge() {",
    '      if (fail) throw new Error("card declined");',
    "      state.charges++;",
    "      return { id: `ch_${state.charges}` };",
    "    },",
    "    async refund() {},",
    "  };",
    "  return state;",
    "}",
    "",
    "function stocked(): Inventory {",
    "  const inventory = new Inventory();",
    '  inventory.receive("W-1", 10);',
    '  inventory.receive("G-2", 1);',
    "  return inventory;",
    "}",
    "",
    'describe("checkout", () => {',
    '  it("charges once and keeps the reservation", async () => {',
    '    const cart = addLine(emptyCart("c1", "u1"), WIDGET, 2);',
    "    const inventory = stocked();",
    "    const payments = gateway();",
    "",
    "    const result = await checkout(cart, inventory, payments);",
    "",
    "    expect(result.ok).toBe(true);",
    "    expect(payments.charges).toBe(1);",
    '    expect(inventory.available("W-1")).toBe(8);',
    "  });",
    "",
    '  it("releases every reservation when a line is out of stock", async () => {',
    '    const cart = addLine(addLine(emptyCart("c2", "u1"), WIDGET, 1), GADGET, 2);',
    "    const inventory = stocked();",
    "",
    "    const result = await checkout(cart, inventory, gateway());",
    "",
    '    expect(result).toEqual({ ok: false, reason: "out-of-stock", sku: "G-2" });',
    '    expect(inventory.available("W-1")).toBe(10);',
    "  });",
    "",
    '  it("releases the reservations when the payment fails", async () => {',
    '    const cart = addLine(emptyCart("c3", "u1"), WIDGET, 3);',
    "    const inventory = stocked();",
    "",
    "    const result = await checkout(cart, inventory, gateway(true));",
    "",
    '    expect(result).toEqual({ ok: false, reason: "payment-failed" });',
    '    expect(inventory.available("W-1")).toBe(10);',
    "  });",
    "});",
  );
}

/** The base branch, the PR's first head, then the fixer's two pushes. */
export function economyRounds(): { base: Tree; rounds: Tree[] } {
  return {
    base: {
      "src/orders/cart.ts": cart("base"),
      "src/orders/pricing.ts": pricing("base"),
      "src/orders/inventory.ts": inventory("base"),
      "README.md": "# Orders\n\nA small order service.\n",
    },
    rounds: [
      {
        "src/orders/cart.ts": cart("pr"),
        "src/orders/pricing.ts": pricing("pr"),
        "src/orders/inventory.ts": inventory("pr"),
        "src/orders/checkout.ts": checkout("pr"),
        "test/orders/checkout.test.ts": checkoutTest(),
      },
      { "src/orders/checkout.ts": checkout("round2") },
      { "src/orders/pricing.ts": pricing("round3"), "src/orders/cart.ts": cart("round3") },
    ],
  };
}

/** The PR's title and description, as the engine is given them. */
export const ECONOMY_PR = {
  title: "Coupons, reservation holds and checkout",
  body: "Adds coupon codes to carts and prices, time-limited stock holds, and a checkout that charges once and releases holds on failure.",
};
