import { Metrics } from '@aws-lambda-powertools/metrics';

/** One metric as the embedded metric format would write it: its value and the dimensions beside it. */
export interface WrittenMetric {
  name: string;
  value: unknown;
  unit: string;
  dimensions: Record<string, unknown>;
}

/**
 * Runs `act` and returns every metric it wrote, as serialized for the embedded metric format
 * (also the single-metric instances, which write at once). Tests run with metrics disabled, so
 * nothing reaches stdout.
 */
export async function writtenMetrics(act: () => Promise<unknown>): Promise<WrittenMetric[]> {
  const written: WrittenMetric[] = [];
  const spy = jest.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (
    this: Metrics,
  ) {
    const emf = this.serializeMetrics() as unknown as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Metrics: { Name: string; Unit: string }[]; Dimensions: string[][] }[] };
    };
    for (const directive of emf._aws.CloudWatchMetrics) {
      const dimensions = Object.fromEntries(directive.Dimensions.flat().map((d) => [d, emf[d]]));
      for (const m of directive.Metrics)
        written.push({ name: m.Name, unit: m.Unit, value: emf[m.Name], dimensions });
    }
    this.clearMetrics();
    return this;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return written;
}
