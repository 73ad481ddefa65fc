import { unitArgumentsWithSources } from '../quantity-sources.js';
import type { Rule, RuleFinding } from '../rule.js';
import { conversionFactor } from '../values/measure-units.js';

/** A sentence may open with a source's name ("the request"). */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A quantity given in one unit and written, number unchanged, into a field whose name carries another
 * unit of the same kind: "430 sq ft" sent as `floor_area_m2: 430`, "a 25-year term" as
 * `term_months: 25`. The conversion was skipped where the call was written. A call that converts (any
 * other number), a number some source also gives in the field's unit, and units too close to tell
 * apart (KB and KiB) are left alone.
 */
export const unconvertedQuantityRule: Rule = {
  id: 'unconverted-quantity',
  evaluate(context) {
    const reported = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const { argument, known } of unitArgumentsWithSources(context)) {
      const key = `${argument.field}=${argument.amount}`;
      if (reported.has(key) || argument.amount === 0) continue;
      const sameNumber = known.filter((quantity) => quantity.amount === argument.amount);
      if (sameNumber.some((quantity) => quantity.unit.name === argument.unit.name)) continue;
      const source = sameNumber.find((quantity) => {
        const factor = conversionFactor(quantity.unit, argument.unit);
        return factor !== null && Math.abs(Math.log(factor)) > Math.log(1.05);
      });
      if (!source) continue;
      reported.add(key);
      const factor = conversionFactor(source.unit, argument.unit) ?? 1;
      const meant = Number((argument.amount * factor).toPrecision(4));
      findings.push({
        rule: 'unconverted-quantity',
        spanId: argument.span.id,
        layer: 'tool-args',
        severity: 'error',
        message: `${argument.span.name} called ${argument.callName} with ${argument.field} ${argument.amount}, the ${source.written} from ${source.source} without converting to ${argument.unit.name}`,
        summary: `${capitalised(source.source)} gives ${source.written}, but ${argument.callName}'s ${argument.field} is ${argument.amount}: the number was copied into a ${argument.unit.name} field unconverted (about ${meant} ${argument.unit.name}).`,
        confidence: 0.75,
        evidence: [
          {
            spanId: argument.span.id,
            field: `args.${argument.field}`,
            expected: `${meant}`,
            actual: `${argument.amount}`,
            source: source.source,
          },
        ],
        causal: true,
        badValue: `${argument.amount}`,
      });
    }
    return findings.slice(0, 1);
  },
};
