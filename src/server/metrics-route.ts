import type { Metrics } from "../metrics.ts";
import { isGet, type Route } from "./route.ts";

/** `GET /metrics`: the Prometheus text exposition. */
export function createMetricsRoute(metrics: Metrics): Route {
  return async (req, res) => {
    if (!isGet(req, "/metrics")) return false;
    const body = await metrics.render();
    res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body);
    return true;
  };
}
