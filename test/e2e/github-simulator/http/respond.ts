import type { IncomingHttpHeaders } from "node:http";
import type { SimState } from "../state.ts";
import type { SimDispatch } from "../types.ts";

/** What a route handler receives. */
export interface RouteContext {
  state: SimState;
  /** Decoded path parameters, named as in the OpenAPI template. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body, already validated against the operation's schema. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** `http://127.0.0.1:port` */
  origin: string;
  /** `http://127.0.0.1:port/api/v3` */
  apiUrl: string;
  /** The request path below `/api/v3`, without the query. */
  path: string;
  /**
   * Announces a stored dispatch to `sim.onDispatch` listeners once the answer has been sent
   * (or replaced by a fault): a fixer reacts after GitHub answered, as a workflow would.
   */
  dispatched(dispatch: SimDispatch): void;
}

/** What a route handler answers. `text` bodies are sent as is, anything else as JSON. */
export interface RouteResult {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => RouteResult;

const DOCS = "https://docs.github.com/rest";

export function json(status: number, body: unknown, headers?: Record<string, string>): RouteResult {
  return { status, body, ...(headers ? { headers } : {}) };
}

/** GitHub's error body: `{ message, documentation_url, status }`, plus `errors` when given. */
export function fail(status: number, message: string, errors?: unknown[]): RouteResult {
  return {
    status,
    body: {
      message,
      ...(errors ? { errors } : {}),
      documentation_url: DOCS,
      status: String(status),
    },
  };
}

export const notFound = (): RouteResult => fail(404, "Not Found");

/** A 422 as GitHub sends for a rejected write: `Unprocessable Entity` with string errors. */
export const unprocessable = (...errors: string[]): RouteResult =>
  fail(422, "Unprocessable Entity", errors);

export const noContent = (): RouteResult => ({ status: 204 });

/** A positive integer path parameter. */
export function intParam(context: RouteContext, name: string): number {
  return Number(context.params[name]);
}
