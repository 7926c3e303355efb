import robotsParser from 'robots-parser';

type Rules = { isAllowed(url: string, ua?: string): boolean | undefined };
export type RobotsFetch = (robotsUrl: string) => Promise<{ status: number; text: string }>;

const ALLOW_ALL: Rules = { isAllowed: () => true };
const DISALLOW_ALL: Rules = { isAllowed: () => false };
const TTL_MS = 60 * 60_000;
/** An unreachable robots.txt is asked again sooner than a good one. */
const RETRY_MS = 5 * 60_000;

/**
 * robots.txt per origin, cached for an hour. Following RFC 9309: a 4xx (no robots.txt) allows
 * everything; a 5xx or an unreachable file means the site is not crawled for now.
 */
export class RobotsCache {
  private readonly byOrigin = new Map<string, { until: number; rules: Promise<Rules> }>();

  constructor(
    private readonly userAgent: string,
    private readonly load: RobotsFetch,
  ) {}

  async allows(url: URL): Promise<boolean> {
    return (await this.rulesFor(url.origin)).isAllowed(url.href, this.userAgent) !== false;
  }

  private rulesFor(origin: string): Promise<Rules> {
    const hit = this.byOrigin.get(origin);
    if (hit && Date.now() < hit.until) return hit.rules;
    const robotsUrl = `${origin}/robots.txt`;
    const entry = { until: Date.now() + TTL_MS, rules: Promise.resolve(ALLOW_ALL) };
    const unreachable = () => {
      entry.until = Date.now() + RETRY_MS;
      return DISALLOW_ALL;
    };
    entry.rules = this.load(robotsUrl).then(({ status, text }) => {
      if (status >= 200 && status < 300) return robotsParser(robotsUrl, text) as Rules;
      if (status >= 400 && status < 500) return ALLOW_ALL;
      return unreachable();
    }, unreachable);
    this.byOrigin.set(origin, entry);
    if (this.byOrigin.size > 1000) this.byOrigin.delete(this.byOrigin.keys().next().value!);
    return entry.rules;
  }
}
