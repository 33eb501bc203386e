import nock from "nock";
import { afterEach, beforeEach } from "vitest";

/**
 * For each test of the calling `describe`: no real network, the installation token mocked by
 * `mockToken` before, and every interceptor removed after (the review and command kits' shared
 * GitHub set-up).
 */
export function useMockedGitHub(mockToken: () => void): void {
  beforeEach(() => {
    nock.disableNetConnect();
    mockToken();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
