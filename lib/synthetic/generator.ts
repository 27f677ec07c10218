/**
 * A seeded, repeatable "delivery universe": synthetic deploy and incident events.
 *
 * Every draw comes from one `seedrandom` stream, and the window starts on a fixed date, so the
 * same seed, days, zone and profile give the same events on any machine, forever. The model:
 * several services with uneven shares; deploys per day drawn from a Poisson law with a weekday
 * bias, mostly in business hours (local time); each deploy fails with a profile's probability,
 * opening an incident minutes later whose recovery time is lognormal (heavy-tailed); some failures
 * are fixed forward by another deploy while the incident is open; a few incidents have no deploy
 * behind them. The stream is observed up to the end of the window, so an incident that is still
 * open then has no resolve.
 *
 * @module
 */
import seedrandom from "seedrandom";
import type { EventRecord } from "../core/events.ts";
import { type GeneratorProfile, PROFILES } from "./profiles.ts";

export type { GeneratorProfile };
import { fixedWindow } from "../core/window.ts";

/** The generator's fixed first day (a Monday). It is never "today", so a seed means one universe. */
export const SYNTHETIC_START_DATE = "2024-01-01";

/** Which universe to generate, and how long to watch it. */
export interface GeneratorOptions {
  /** The seed: the same seed gives the same events. */
  seed: number;
  /** Days from {@link SYNTHETIC_START_DATE}. */
  days: number;
  /** Report zone: business hours are local hours there. Default UTC. */
  timeZone?: string;
  /** Default: the mixed team of `profiles.ts`. */
  profile?: GeneratorProfile;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DETECTION_MEAN_MS = 20 * MINUTE;

/** The draws the model needs, all from one seeded stream. */
class Draws {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = seedrandom(`delivery-universe:${seed}`);
  }
  uniform(): number {
    return this.#next();
  }
  chance(probability: number): boolean {
    return this.#next() < probability;
  }
  between(low: number, high: number): number {
    return low + (high - low) * this.#next();
  }
  /** Knuth's method; the rates here are small. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = -1;
    let product = 1;
    do {
      count++;
      product *= this.#next();
    } while (product > limit);
    return count;
  }
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.#next());
  }
  /** Box–Muller; `1 - u` keeps the logarithm finite. */
  normal(): number {
    const u = 1 - this.#next();
    const v = this.#next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.#next() * total;
    for (const [value, weight] of choices) {
      target -= weight;
      if (target < 0) return value;
    }
    return choices[choices.length - 1][0];
  }
}

interface DraftDeploy {
  timestamp: number;
  service: string;
  commit: number;
  key: number;
}
interface DraftIncident {
  start: number;
  resolved: number;
  service: string;
  cause: DraftDeploy | null;
  linked: boolean;
}

const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
/** `dep-0007`: a prefix and a number padded to `width` digits. */
const padded = (prefix: string, { number, width }: { number: number; width: number }) =>
  `${prefix}-${String(number).padStart(width, "0")}`;

/**
 * Generates the events of one universe, in stream order.
 *
 * @example Seed 42 over two weeks, the same on any machine
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateEvents } from "./generator.ts";
 *
 * const events = generateEvents({ seed: 42, days: 14 });
 * assert.deepEqual(generateEvents({ seed: 42, days: 14 }), events);
 * assert.equal(events.length, 55);
 * assert.deepEqual(events[0], {
 *   timestamp: Date.parse("2024-01-01T14:08:45Z"),
 *   type: "deploy",
 *   id: "dep-0001",
 *   service: "api",
 *   commit_timestamp: Date.parse("2023-12-31T03:53:32Z"),
 * });
 * assert.notDeepEqual(generateEvents({ seed: 7, days: 14 }), events);
 * ```
 */
export function generateEvents(options: GeneratorOptions): EventRecord[] {
  const profile = options.profile ?? PROFILES.mixed;
  const window = fixedWindow(SYNTHETIC_START_DATE, options.days, {
    timeZone: options.timeZone ?? "UTC",
  });
  const draw = new Draws(options.seed);
  const deploys: DraftDeploy[] = [];
  const incidents: DraftIncident[] = [];
  let key = 0;

  const addDeploy = (
    { timestamp, service, leadMs }: { timestamp: number; service: string; leadMs: number },
  ): DraftDeploy => {
    const deploy = {
      timestamp: toSecond(timestamp),
      service,
      commit: toSecond(timestamp - leadMs),
      key: key++,
    };
    deploys.push(deploy);
    return deploy;
  };
  const recoveryMs = () =>
    Math.min(
      Math.max(
        draw.lognormal(profile.recoveryMedianMinutes * MINUTE, profile.recoverySigma),
        MINUTE,
      ),
      profile.recoveryMaxMinutes * MINUTE,
    );

  for (const day of window.calendar) {
    const weekday = day.isoWeekday <= 5;
    const count = draw.poisson(profile.deploysPerWeekday * (weekday ? 1 : profile.weekendFactor));
    for (let n = 0; n < count; n++) {
      const offset = draw.chance(profile.businessHoursShare)
        ? draw.between(9 * HOUR, 18 * HOUR)
        : draw.between(0, day.endMs - day.startMs);
      const service = draw.weighted(profile.services);
      const leadMs = Math.max(
        MINUTE,
        draw.lognormal(profile.leadTimeMedianHours * HOUR, profile.leadTimeSigma),
      );
      const deploy = addDeploy({ timestamp: day.startMs + offset, service, leadMs });
      if (!draw.chance(profile.failureRate)) continue;
      const start = toSecond(
        deploy.timestamp + Math.ceil(draw.exponential(DETECTION_MEAN_MS) / 1000) * 1000,
      );
      const resolved = toSecond(start + recoveryMs());
      incidents.push({
        start,
        resolved,
        service,
        cause: deploy,
        linked: draw.chance(profile.explicitLinkRate),
      });
      if (draw.chance(profile.fixForwardRate)) {
        const fixAt = start + draw.between(0.3, 0.9) * (resolved - start);
        addDeploy({ timestamp: fixAt, service, leadMs: draw.between(10 * MINUTE, 2 * HOUR) });
      }
    }
    for (let n = draw.poisson(profile.unrelatedIncidentsPerDay); n > 0; n--) {
      const start = toSecond(day.startMs + draw.between(0, day.endMs - day.startMs));
      incidents.push({
        start,
        resolved: toSecond(start + recoveryMs()),
        service: draw.weighted(profile.services),
        cause: null,
        linked: false,
      });
    }
  }

  // Observe the stream up to the end of the window only.
  const observedDeploys = deploys.filter((d) => d.timestamp < window.endMs)
    .sort((a, b) => a.timestamp - b.timestamp || a.key - b.key);
  const observedIncidents = incidents.filter((i) => i.start < window.endMs)
    .sort((a, b) => a.start - b.start);
  const width = Math.max(
    4,
    String(Math.max(observedDeploys.length, observedIncidents.length)).length,
  );
  const deployIds = new Map(
    observedDeploys.map((d, index) => [d.key, padded("dep", { number: index + 1, width })]),
  );

  const events: EventRecord[] = observedDeploys.map((deploy) => ({
    timestamp: deploy.timestamp,
    type: "deploy",
    id: deployIds.get(deploy.key)!,
    service: deploy.service,
    commit_timestamp: deploy.commit,
  }));
  observedIncidents.forEach((incident, index) => {
    const id = padded("inc", { number: index + 1, width });
    const causeId = incident.cause && incident.linked
      ? deployIds.get(incident.cause.key) ?? null
      : null;
    events.push({
      timestamp: incident.start,
      type: "incident_start",
      id,
      service: incident.service,
      deploy_id: causeId,
    });
    if (incident.resolved < window.endMs) {
      events.push({
        timestamp: incident.resolved,
        type: "incident_resolved",
        id,
        service: incident.service,
      });
    }
  });
  const rank = { deploy: 0, incident_start: 1, incident_resolved: 2 };
  return events.sort((a, b) => a.timestamp - b.timestamp || rank[a.type] - rank[b.type]);
}
