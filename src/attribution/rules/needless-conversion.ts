import { unitArgumentsWithSources } from '../quantity-sources.js';
import type { Rule } from '../rule.js';
import { conversionFactor, unitsOfDimension } from '../values/measure-units.js';

/** Whether a factor is a power of ten: a moved decimal point is another rule's (value-drift) finding. */
function isPowerOfTen(factor: number): boolean {
  const exponent = Math.log10(factor);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/**
 * Whether `written` is `exact` as a person would round it, to the decimals written or with a factor
 * rounded to six digits (2.20462 for 2.2046226), and never more than 0.1 % off.
 */
function roundsTo(written: number, exact: number): boolean {
  const decimals = (String(written).split('.')[1] ?? '').length;
  const tolerance = Math.max(10 ** -decimals / 2, Math.abs(exact) * 1e-5) + 1e-9;
  const apart = Math.abs(written - exact);
  return apart <= tolerance && apart <= Math.abs(exact) * 0.001;
}

/** A sentence may open with a source's name ("the request"). */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A quantity that already was in the field's unit, converted anyway: 6,350 kg written as
 * `gross_mass_kg: 13999.34` (the pounds). The written number is the source's number times the factor
 * to another unit of the same kind, to the digits written. Decimal shifts, factors near 1, and numbers
 * some source gives as they are are left alone.
 */
export const needlessConversionRule: Rule = {
  id: 'needless-conversion',
  evaluate(context) {
    for (const { argument, known } of unitArgumentsWithSources(context)) {
      if (Math.abs(argument.amount) < 1) continue;
      if (known.some((quantity) => quantity.amount === argument.amount)) continue;
      for (const source of known) {
        if (source.unit.name !== argument.unit.name || source.amount === 0) continue;
        const into = unitsOfDimension(argument.unit.dimension).find((other) => {
          const factor = conversionFactor(argument.unit, other);
          if (factor === null || other.name === argument.unit.name || isPowerOfTen(factor)) return false;
          if (Math.abs(Math.log(factor)) < Math.log(1.05)) return false;
          return roundsTo(argument.amount, source.amount * factor);
        });
        if (!into) continue;
        return [
          {
            rule: 'needless-conversion',
            spanId: argument.span.id,
            layer: 'tool-args',
            severity: 'error',
            message: `${argument.span.name} called ${argument.callName} with ${argument.field} ${argument.amount}: ${source.written} from ${source.source} converted to ${into.name}, though the field takes ${argument.unit.name}`,
            summary: `${capitalised(source.source)} gives ${source.written}, but ${argument.callName}'s ${argument.field} is ${argument.amount}, that figure in ${into.name}: a ${argument.unit.name} field was given a converted number.`,
            confidence: 0.75,
            evidence: [
              {
                spanId: argument.span.id,
                field: `args.${argument.field}`,
                expected: `${source.amount}`,
                actual: `${argument.amount}`,
                source: source.source,
              },
            ],
            causal: true,
            badValue: `${argument.amount}`,
          },
        ];
      }
    }
    return [];
  },
};
