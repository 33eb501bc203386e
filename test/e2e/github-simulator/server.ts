import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerWithFault, type ClientConnection, type createFaults } from "./fault-injection.ts";
import { handleGraphql } from "./graphql/handle-graphql.ts";
import { authenticate } from "./http/authenticate.ts";
import { fail, type RouteContext, type RouteResult } from "./http/respond.ts";
import { loadOpenApiDocument } from "./openapi/load-document.ts";
import { createOperationMatcher, type OperationMatcher } from "./openapi/match-operation.ts";
import { createRequestValidator } from "./openapi/validate-request.ts";
import { LOG_PATH } from "./routes/actions.ts";
import { routes } from "./routes/index.ts";
import type { SimState } from "./state.ts";
import type { SimDispatch } from "./types.ts";

/** One request the simulator answered, for assertions. */
export interface RecordedRequest {
  method: string;
  /** Below `/api/v3` (or `/api/graphql`), with the query string. */
  path: string;
  /** The OpenAPI operation (`pulls/create-review`), `graphql`, or undefined when none matched. */
  operationId?: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  status: number;
}

export interface HandlerOptions {
  state: SimState;
  requests: RecordedRequest[];
  violations: string[];
  faults: ReturnType<typeof createFaults>;
  latency: () => number;
  checkAuth: boolean;
  rejectUnknownBodyKeys: boolean;
  origin: () => string;
  /** Called for each dispatch a request stored, after its answer was sent. */
  onDispatch: (dispatch: SimDispatch) => void;
}

let matcher: OperationMatcher | undefined;

/** The matcher table is built once per process, on the first request that needs it. */
function getMatcher(): OperationMatcher {
  matcher ??= createOperationMatcher(loadOpenApiDocument());
  return matcher;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = {
    "x-github-request-id": randomUUID(),
    "x-github-media-type": "github.v3; format=json",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-resource": "core",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    ...result.headers,
  };
  let payload: string | undefined;
  if (result.text !== undefined) {
    payload = result.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (result.body !== undefined && result.status !== 204) {
    payload = JSON.stringify(result.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  response.writeHead(result.status, headers);
  response.end(payload);
}

/** Creates the request listener: validate, authenticate, inject faults, route, record. */
export function createHandler(options: HandlerOptions) {
  const validate = createRequestValidator({ rejectUnknownBodyKeys: options.rejectUnknownBodyKeys });
  const { state, violations } = options;

  async function answer(
    request: IncomingMessage,
    raw: string,
    record: RecordedRequest,
    client: ClientConnection,
    dispatched: SimDispatch[],
  ): Promise<RouteResult> {
    const method = record.method;
    const url = new URL(request.url ?? "/", "http://simulator");
    if (url.pathname.startsWith(LOG_PATH)) {
      const id = Number(url.pathname.slice(LOG_PATH.length));
      const job = state.workflowRuns
        .flatMap((run) => run.jobs)
        .find((candidate) => candidate.id === id);
      return job ? { status: 200, text: job.log } : fail(404, "Not Found");
    }
    let body: unknown;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        violations.push(`${method} ${record.path}: the body is not JSON`);
        return fail(400, "Problems parsing JSON");
      }
    }
    record.body = body;

    if (url.pathname === "/api/graphql") {
      record.operationId = "graphql";
      if (method !== "POST") {
        violations.push(`${method} /api/graphql: GraphQL takes POST`);
        return fail(404, "Not Found");
      }
      const denied = options.checkAuth
        ? authenticate(state, "/graphql", request.headers, {})
        : undefined;
      if (denied) return denied;
      // A fault before storing must not change anything, so the route runs inside it.
      return answerWithFault(
        options.faults.take(method, "/api/graphql"),
        record,
        () => {
          const outcome = handleGraphql(state, body);
          violations.push(...outcome.violations.map((problem) => `POST /api/graphql: ${problem}`));
          return outcome.result;
        },
        client,
      );
    }

    if (!url.pathname.startsWith("/api/v3/")) {
      violations.push(`${method} ${url.pathname}: not under /api/v3 (is the base URL right?)`);
      return fail(404, "Not Found");
    }
    const path = url.pathname.slice("/api/v3".length);
    const matched = getMatcher()(method, path);
    if (!matched) {
      violations.push(`${method} ${path}: GitHub has no such operation`);
      return fail(422, "No GitHub operation matches this method and path", [
        { code: "invalid", message: `${method} ${path}` },
      ]);
    }
    record.operationId = matched.operation.operationId;
    record.params = matched.params;
    const problems = validate(matched.operation, {
      params: matched.params,
      query: url.searchParams,
      body,
    });
    if (problems.length > 0) {
      violations.push(
        ...problems.map(
          (problem) => `${method} ${path} (${matched.operation.operationId}): ${problem}`,
        ),
      );
      return fail(422, "Invalid request.", problems);
    }
    if (options.checkAuth) {
      const denied = authenticate(state, matched.template, request.headers, matched.params);
      if (denied) return denied;
    }
    const fault = options.faults.take(method, path);
    const handler = routes[matched.operation.operationId];
    if (!handler) {
      violations.push(`${method} ${path}: ${matched.operation.operationId} is not simulated`);
      return fail(501, `${matched.operation.operationId} is not simulated`);
    }
    const origin = options.origin();
    const context: RouteContext = {
      state,
      params: matched.params,
      query: url.searchParams,
      body: (body ?? {}) as Record<string, unknown>,
      headers: request.headers,
      origin,
      apiUrl: `${origin}/api/v3`,
      path,
      dispatched: (dispatch) => dispatched.push(dispatch),
    };
    return answerWithFault(fault, record, () => handler(context), client);
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? "/", "http://simulator");
    const record: RecordedRequest = {
      method: (request.method ?? "GET").toUpperCase(),
      path: `${url.pathname.replace(/^\/api\/v3/, "")}${url.search}`,
      params: {},
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: { ...request.headers },
      status: 0,
    };
    // A client that hangs up (a killed app) closes the response before it was written.
    let gone = false;
    const hangUp = Promise.withResolvers<void>();
    response.on("close", () => {
      gone = !response.writableFinished;
      if (gone) hangUp.resolve();
    });
    const client: ClientConnection = { gone: () => gone, hungUp: hangUp.promise };
    let result: RouteResult;
    const dispatched: SimDispatch[] = [];
    try {
      result = await answer(request, raw, record, client, dispatched);
    } catch (error) {
      violations.push(`${record.method} ${record.path}: simulator error ${(error as Error).stack}`);
      result = fail(500, "Simulator error");
    }
    const latency = options.latency();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    record.status = result.status;
    options.requests.push(record);
    send(response, result);
    for (const dispatch of dispatched) options.onDispatch(dispatch);
  };
}

/** Listens on 127.0.0.1, port 0; resolves with the server and its port. */
export async function listen(handler: ReturnType<typeof createHandler>) {
  const server = createServer((request, response) => {
    void handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
