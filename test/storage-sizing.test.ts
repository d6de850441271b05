import * as fc from 'fast-check';
import { StorageProfile, SizingConstants, StorageSizing } from '../lib';

const GIB = 2 ** 30;

describe('StorageSizing', () => {
  test('small workloads get the 100 GiB production minimum, and say so', () => {
    const e = StorageSizing.estimate({ persistentSessions: 1_000_000, offlineSessions: 100_000, queuedMessagesPerSession: 100,
      averagePayloadBytes: 256,
      retainedMessages: 100_000, averageRetainedPayloadBytes: 1024 }, { brokers: 6, replication: 2 });
    expect(e.queuedBytes).toBe(100_000 * 100 * (256 + 340));
    expect(e.retainedBytes).toBe(100_000 * (1024 + 340));
    expect(e.sessionBytes).toBe(1_000_000 * 280);
    expect(e.perBrokerBytes).toBe(2 * 2 * (5_960_000_000 + 136_400_000 + 280_000_000) / 5);
    expect(e.volumeSize.toGibibytes()).toBe(100);
    expect(e.minimumApplied).toBe(true);
    expect(e.explanation[4]).toMatch(/= 100 GiB \(production minimum\)$/);
  });

  test('large workloads: space amplification × copies × bytes ÷ (brokers − 1) ÷ fill target, rounded up to GiB', () => {
    const e = StorageSizing.estimate({ persistentSessions: 2_000_000, queuedMessagesPerSession: 1000, averagePayloadBytes: 4096 }, { brokers: 4,
      replication: 2 });
    const stored = 2_000_000 * 1000 * (4096 + 340) + 2_000_000 * 280;
    expect(e.volumeSize.toGibibytes()).toBe(Math.ceil(2 * 2 * stored / 3 / 0.8 / GIB));
    expect(e.minimumApplied).toBe(false);
  });

  test('retained payload defaults to the queued payload', () => {
    const base = { persistentSessions: 0, queuedMessagesPerSession: 0, averagePayloadBytes: 500, retainedMessages: 10 };
    expect(StorageSizing.estimate(base, { brokers: 3, replication: 2 }).retainedBytes).toBe(10 * (500 + 340));
    expect(StorageSizing.estimate({ ...base, averageRetainedPayloadBytes: 60 }, { brokers: 3, replication: 2 }).retainedBytes).toBe(10 * 400);
  });

  test('a single broker keeps one copy and divides by one', () => {
    const e = StorageSizing.estimate({ persistentSessions: 1, queuedMessagesPerSession: 1, averagePayloadBytes: 60 }, { brokers: 1, replication: 2 });
    expect(e.perBrokerBytes).toBe(2 * 1 * (400 + 280));
  });

  test.each([
    [{ persistentSessions: -1 }, /persistentSessions must be a whole number from 0 to \d+ \(got -1\)/],
    [{ persistentSessions: 1.5 }, /persistentSessions must be a whole number/],
    [{ persistentSessions: NaN }, /persistentSessions must be a whole number .* \(got NaN\)/],
    [{ offlineSessions: 11 }, /offlineSessions must be a whole number from 0 to 10 \(got 11\)/],
    [{ queuedMessagesPerSession: 1001 }, /queuedMessagesPerSession must be a whole number from 0 to 1000 \(got 1001\)/],
    [{ averagePayloadBytes: 268_435_456 }, /averagePayloadBytes must be a whole number from 0 to 268435455/],
    [{ retainedMessages: Infinity }, /retainedMessages must be a whole number/],
    [{ averageRetainedPayloadBytes: -5 }, /averageRetainedPayloadBytes must be a whole number/],
  ])('%o is rejected', (bad, message) => {
    const workload = { persistentSessions: 10, queuedMessagesPerSession: 10, averagePayloadBytes: 10, ...bad };
    expect(() => StorageSizing.estimate(workload, { brokers: 3, replication: 2 })).toThrow(message);
    expect(() => StorageProfile.forWorkload(workload)).toThrow(message);
  });

  const W = { persistentSessions: 10, queuedMessagesPerSession: 10, averagePayloadBytes: 10 };
  test.each([
    [{ brokers: 0, replication: 2 }, {},
      /StorageSizing: topology.brokers must be a whole number of at least 1 \(got 0\)\. Pass the cluster's broker count/],
    [{ brokers: 2.5, replication: 2 }, {}, /topology.brokers must be a whole number of at least 1 \(got 2.5\)/],
    [{ brokers: 3, replication: 0 }, {}, /StorageSizing: topology.replication must be a whole number of at least 1 \(got 0\)/],
    [{ brokers: 3, replication: 2 }, { fillTarget: 0 },
      /StorageSizing: overrides.fillTarget must be a share greater than 0 and at most 1 \(got 0\)/],
    [{ brokers: 3, replication: 2 }, { ovhMsg: -1 }, /StorageSizing: overrides.ovhMsg must be a positive number \(got -1\)/],
    [{ brokers: 3, replication: 2 }, { diskMinGib: 10 }, /StorageSizing: overrides.diskMinGib cannot be overridden/],
    [{ brokers: 3, replication: 2 }, { NOPE: 1 }, /StorageSizing: overrides.NOPE is not a sizing constant/],
  ])('topology %o with overrides %o is rejected', (topology, overrides, message) => {
    expect(() => StorageSizing.estimate(W, topology, overrides as any)).toThrow(message);
  });

  test('calibrated storage constants are used', () => {
    // 10 sessions x 10 messages x (10 B + 1000 B) + 10 x 100 B = 102,000 B; x 2 copies x 1.5 / 2 survivors = 153,000 B
    const e = StorageSizing.estimate(W, { brokers: 3, replication: 2 }, { ovhMsg: 1000, ovhSession: 100, spaceAmplification: 1.5 });
    expect(e.queuedBytes).toBe(10 * 10 * 1010);
    expect(e.sessionBytes).toBe(1000);
    expect(e.perBrokerBytes).toBe(153_000);
  });

  test('every constant carries value, unit, source and tag', () => {
    for (const c of Object.values(SizingConstants.storage())) {
      expect(typeof c.value).toBe('number');
      expect(c.unit.length).toBeGreaterThan(0);
      expect(c.source.length).toBeGreaterThan(10);
      expect(['published', 'derived', 'assumed']).toContain(c.tag);
    }
  });

  const workload = fc.record({
    persistentSessions: fc.integer({ min: 0, max: 50_000_000 }),
    queuedMessagesPerSession: fc.integer({ min: 0, max: 1000 }),
    averagePayloadBytes: fc.integer({ min: 0, max: 1_000_000 }),
    retainedMessages: fc.integer({ min: 0, max: 10_000_000 }),
  });
  const topology = fc.record({ brokers: fc.integer({ min: 1, max: 50 }), replication: fc.integer({ min: 1, max: 5 }) });

  test('property: never below 100 GiB, and more load never gives a smaller volume', () => {
    fc.assert(fc.property(workload, topology, fc.integer({ min: 0, max: 1_000_000 }), (w, t, extra) => {
      const base = StorageSizing.estimate(w, t).volumeSize.toGibibytes();
      const more = StorageSizing.estimate({ ...w, persistentSessions: w.persistentSessions + extra }, t).volumeSize.toGibibytes();
      return base >= 100 && more >= base && Number.isInteger(base);
    }));
  });
});
