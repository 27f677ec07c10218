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
import { failureOddsOn, recoveryFactorOn, type Scenario } from "./scenario.ts";

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
  /** What to change about the universe (batch size, a failure shock, faster recovery); none by default. */
  scenario?: Scenario;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DETECTION_MEAN_MS = 20 * MINUTE;

/** The draws the model needs, all from one seeded stream. */
class Draws {
  readonly #next: () => number;
  constructor(seed: number, stream = "") {
    this.#next = seedrandom(`delivery-universe:${seed}${stream}`);
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
  /** Where its id falls: its time as it would be without a scenario, so ids stay put. */
  idOrder: number;
  /** A fix-forward deploy: shipped on its own, never batched. */
  hotfix: boolean;
  /** Added by a scenario's failure shock: numbered after the universe's own deploys. */
  extra: boolean;
}
interface DraftIncident {
  start: number;
  resolved: number;
  service: string;
  cause: DraftDeploy | null;
  linked: boolean;
  /** Where its id falls: its start as it would be without a scenario. */
  idOrder: number;
  /** Added by a scenario's failure shock: numbered after the universe's own incidents. */
  extra: boolean;
  /** The deploy that fixed it forward, if any. */
  fix: DraftDeploy | null;
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
  const scenario = options.scenario ?? {};
  const draw = new Draws(options.seed);
  // A shock's extra failures draw from their own stream, so the universe's own draws stay put.
  let sideStream: Draws | undefined;
  const side = () => sideStream ??= new Draws(options.seed, ":scenario");
  const deploys: DraftDeploy[] = [];
  const incidents: DraftIncident[] = [];
  let key = 0;

  const addDeploy = (
    { timestamp, service, leadMs, hotfix = false, idOrder = timestamp, extra = false }: {
      timestamp: number;
      service: string;
      leadMs: number;
      hotfix?: boolean;
      idOrder?: number;
      extra?: boolean;
    },
  ): DraftDeploy => {
    const deploy = {
      timestamp: toSecond(timestamp),
      service,
      commit: toSecond(timestamp - leadMs),
      key: key++,
      idOrder: toSecond(idOrder),
      hotfix,
      extra,
    };
    deploys.push(deploy);
    return deploy;
  };
  const recoveryMs = (from: Draws) =>
    Math.min(
      Math.max(
        from.lognormal(profile.recoveryMedianMinutes * MINUTE, profile.recoverySigma),
        MINUTE,
      ),
      profile.recoveryMaxMinutes * MINUTE,
    );

  for (const [dayIndex, day] of window.calendar.entries()) {
    const recoveryFactor = recoveryFactorOn(dayIndex, scenario);
    const failureOdds = failureOddsOn(dayIndex, { baseRate: profile.failureRate, scenario });
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
      // One draw decides, whatever the scenario: below the profile's odds the deploy fails in
      // every universe of this seed; between them and a shock's odds, only under the shock.
      const roll = draw.uniform();
      const fails = roll < profile.failureRate;
      if (!fails && !(roll < failureOdds)) continue;
      const from = fails ? draw : side();
      const start = toSecond(
        deploy.timestamp + Math.ceil(from.exponential(DETECTION_MEAN_MS) / 1000) * 1000,
      );
      const recovery = recoveryMs(from);
      const resolved = toSecond(start + recovery * recoveryFactor);
      const incident: DraftIncident = {
        start,
        resolved,
        service,
        cause: deploy,
        linked: from.chance(profile.explicitLinkRate),
        idOrder: start,
        extra: !fails,
        fix: null,
      };
      incidents.push(incident);
      if (from.chance(profile.fixForwardRate)) {
        const share = from.between(0.3, 0.9);
        incident.fix = addDeploy({
          timestamp: start + share * (resolved - start),
          service,
          leadMs: from.between(10 * MINUTE, 2 * HOUR),
          hotfix: true,
          idOrder: start + share * (toSecond(start + recovery) - start),
          extra: !fails,
        });
      }
    }
    for (let n = draw.poisson(profile.unrelatedIncidentsPerDay); n > 0; n--) {
      const start = toSecond(day.startMs + draw.between(0, day.endMs - day.startMs));
      incidents.push({
        start,
        resolved: toSecond(start + recoveryMs(draw) * recoveryFactor),
        service: draw.weighted(profile.services),
        cause: null,
        linked: false,
        idOrder: start,
        extra: false,
        fix: null,
      });
    }
  }
  const shipped = (scenario.batchSize ?? 1) > 1
    ? shipInBatches(deploys, { incidents, batchSize: scenario.batchSize!, nextKey: key })
    : deploys;

  // Observe the stream up to the end of the window only.
  const observedDeploys = shipped.filter((d) => d.timestamp < window.endMs)
    .sort((a, b) => a.timestamp - b.timestamp || a.key - b.key);
  const observedIncidents = incidents.filter((i) => i.start < window.endMs)
    .sort((a, b) => a.start - b.start);
  const width = Math.max(
    4,
    String(Math.max(observedDeploys.length, observedIncidents.length)).length,
  );
  // Ids follow the universe's own order (the same as the time order without a scenario), so a
  // deploy or an incident keeps its id under a scenario that moves it.
  const deployIds = new Map(
    [...observedDeploys].sort((a, b) =>
      Number(a.extra) - Number(b.extra) || a.idOrder - b.idOrder || a.key - b.key
    )
      .map((d, index) => [d.key, padded("dep", { number: index + 1, width })]),
  );
  const incidentIds = new Map(
    observedIncidents.map((incident, index) => ({ incident, index }))
      .sort((a, b) =>
        Number(a.incident.extra) - Number(b.incident.extra) ||
        a.incident.idOrder - b.incident.idOrder || a.index - b.index
      )
      .map(({ incident }, index) => [incident, padded("inc", { number: index + 1, width })]),
  );

  const events: EventRecord[] = observedDeploys.map((deploy) => ({
    timestamp: deploy.timestamp,
    type: "deploy",
    id: deployIds.get(deploy.key)!,
    service: deploy.service,
    commit_timestamp: deploy.commit,
  }));
  observedIncidents.forEach((incident) => {
    const id = incidentIds.get(incident)!;
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

/**
 * Ships each service's changes (the deploys drawn, fix-forward deploys aside) in batches of
 * `batchSize`, in time order: a batch goes out when its last change is ready, carries the oldest
 * commit of its changes, and is the cause of every incident its changes caused, each of them (and
 * its fix-forward deploy) moved as much later as its change waited. Returns the deploys as
 * shipped; `incidents` are updated in place.
 */
function shipInBatches(
  deploys: readonly DraftDeploy[],
  { incidents, batchSize, nextKey }: {
    incidents: DraftIncident[];
    batchSize: number;
    nextKey: number;
  },
): DraftDeploy[] {
  const changesByService = new Map<string, DraftDeploy[]>();
  const changes = deploys.filter((deploy) => !deploy.hotfix)
    .sort((a, b) => a.timestamp - b.timestamp || a.key - b.key);
  for (const change of changes) {
    const list = changesByService.get(change.service) ?? [];
    list.push(change);
    changesByService.set(change.service, list);
  }
  const batchOf = new Map<DraftDeploy, DraftDeploy>();
  const shipped: DraftDeploy[] = [];
  let key = nextKey;
  for (const service of [...changesByService.keys()].sort()) {
    const list = changesByService.get(service)!;
    for (let first = 0; first < list.length; first += batchSize) {
      const batch = list.slice(first, first + batchSize);
      const last = batch[batch.length - 1];
      const deploy: DraftDeploy = {
        timestamp: last.timestamp,
        service,
        commit: Math.min(...batch.map((change) => change.commit)),
        key: key++,
        idOrder: last.timestamp,
        hotfix: false,
        extra: false,
      };
      shipped.push(deploy);
      for (const change of batch) batchOf.set(change, deploy);
    }
  }
  for (const incident of incidents) {
    const batch = incident.cause && batchOf.get(incident.cause);
    if (!incident.cause || !batch) continue;
    const wait = batch.timestamp - incident.cause.timestamp;
    incident.cause = batch;
    incident.start += wait;
    incident.resolved += wait;
    if (incident.fix) {
      incident.fix.timestamp += wait;
      incident.fix.commit += wait;
      incident.fix.idOrder += wait;
    }
  }
  return [...shipped, ...deploys.filter((deploy) => deploy.hotfix)];
}
